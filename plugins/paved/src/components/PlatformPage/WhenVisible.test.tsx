import { act, render, screen } from '@testing-library/react';
import { WhenVisible } from './WhenVisible';

/** A stand-in IntersectionObserver whose callback the test calls. */
let intersect: (isIntersecting: boolean) => void;
class FakeObserver {
  constructor(callback: (entries: Array<{ isIntersecting: boolean }>) => void) {
    intersect = isIntersecting => callback([{ isIntersecting }]);
  }
  observe() {}
  disconnect() {}
}

describe('WhenVisible', () => {
  beforeEach(() => {
    (window as any).IntersectionObserver = FakeObserver;
    jest.useFakeTimers();
  });
  afterEach(() => {
    delete (window as any).IntersectionObserver;
    jest.useRealTimers();
  });

  it('keeps the place, with the anchor, until it is scrolled near the viewport', () => {
    render(
      <WhenVisible anchor="paved-secrets" afterMs={60_000}>
        <p>card</p>
      </WhenVisible>,
    );
    expect(screen.queryByText('card')).not.toBeInTheDocument();
    expect(screen.getByTestId('paved-when-visible')).toHaveAttribute(
      'id',
      'paved-secrets',
    );
    act(() => intersect(false));
    expect(screen.queryByText('card')).not.toBeInTheDocument();
    act(() => intersect(true));
    expect(screen.getByText('card')).toBeInTheDocument();
  });

  it('renders the card after the first paint has been shown for afterMs', () => {
    render(
      <WhenVisible afterMs={1000}>
        <p>card</p>
      </WhenVisible>,
    );
    act(() => jest.advanceTimersByTime(999));
    expect(screen.queryByText('card')).not.toBeInTheDocument();
    act(() => jest.advanceTimersByTime(1));
    expect(screen.getByText('card')).toBeInTheDocument();
  });

  it('renders at once where the browser cannot tell what is visible', () => {
    delete (window as any).IntersectionObserver;
    render(
      <WhenVisible>
        <p>card</p>
      </WhenVisible>,
    );
    expect(screen.getByText('card')).toBeInTheDocument();
  });
});
