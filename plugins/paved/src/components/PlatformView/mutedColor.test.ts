import { Theme, createTheme, getContrastRatio } from '@material-ui/core/styles';
import { TEXT_CONTRAST_AA, composite, mutedTextColor } from './mutedColor';

// Backstage's light and dark themes keep Material UI's secondary text, hover and paper colours
const lightTheme = createTheme({ palette: { type: 'light' } });
const darkTheme = createTheme({ palette: { type: 'dark' } });

const hoveredRow = (theme: Theme) =>
  composite(theme.palette.action.hover, theme.palette.background.paper);

describe('composite', () => {
  it('blends a transparent colour over an opaque background', () => {
    expect(composite('rgba(0, 0, 0, 0.5)', '#ffffff')).toBe(
      'rgb(128, 128, 128)',
    );
    expect(composite('#123456', '#ffffff')).toBe('rgb(18, 52, 86)');
    expect(composite('hsla(0, 0%, 0%, 0.04)', 'rgb(255, 255, 255)')).toBe(
      'rgb(245, 245, 245)',
    );
  });
});

describe('mutedTextColor', () => {
  it.each([
    ['light', lightTheme],
    ['dark', darkTheme],
  ])(
    'keeps AA contrast on a hovered row and on the paper (%s theme)',
    (_name, theme) => {
      const muted = mutedTextColor(theme);
      for (const background of [
        hoveredRow(theme),
        theme.palette.background.paper,
      ]) {
        expect(
          getContrastRatio(composite(muted, background), background),
        ).toBeGreaterThanOrEqual(TEXT_CONTRAST_AA);
      }
      // still secondary text: lighter than the primary text colour
      expect(muted).not.toBe(theme.palette.text.primary);
    },
  );

  it('strengthens the light theme’s secondary colour, which alone misses AA on a hovered row', () => {
    const hovered = hoveredRow(lightTheme);
    const secondary = lightTheme.palette.text.secondary;
    expect(
      getContrastRatio(composite(secondary, hovered), hovered),
    ).toBeLessThan(TEXT_CONTRAST_AA);
    expect(mutedTextColor(lightTheme)).not.toBe(secondary);
  });

  it('answers the primary text colour when no step of an opaque secondary colour reads', () => {
    const theme = createTheme({
      palette: { text: { primary: '#000000', secondary: '#bbbbbb' } },
    });
    expect(mutedTextColor(theme)).toBe('#000000');
  });
});
