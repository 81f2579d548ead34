import {
  Theme,
  decomposeColor,
  getContrastRatio,
  hslToRgb,
  recomposeColor,
} from '@material-ui/core/styles';

/** WCAG AA's least contrast ratio for text of normal size. */
export const TEXT_CONTRAST_AA = 4.5;

function rgbaOf(color: string): number[] {
  const decomposed = decomposeColor(color);
  const rgb = decomposed.type.startsWith('hsl')
    ? decomposeColor(hslToRgb(color))
    : decomposed;
  const [r, g, b, a] = rgb.values;
  return [r, g, b, a ?? 1];
}

/** How `color` shows over the opaque `background`: its transparency blended in, as an opaque `rgb()`. */
export function composite(color: string, background: string): string {
  const fg = rgbaOf(color);
  const bg = rgbaOf(background);
  const a = fg[3];
  return recomposeColor({
    type: 'rgb',
    values: [0, 1, 2].map(i => Math.round(fg[i] * a + bg[i] * (1 - a))) as [
      number,
      number,
      number,
    ],
  });
}

/**
 * The colour of secondary text in rows that take the theme's `action.hover` background when hovered or
 * highlighted (log lines' time, source and fields; a trace's opaque hops): the theme's secondary text colour,
 * made just opaque enough to keep WCAG AA contrast on that background (`action.hover` over the card's paper)
 * as well as on the paper. With Backstage's light theme the secondary colour alone reads at 4.48:1
 * on a hovered row; answers the primary text colour when no step of the secondary one is enough.
 */
export function mutedTextColor(theme: Theme): string {
  const paper = theme.palette.background.paper;
  const hovered = composite(theme.palette.action.hover, paper);
  const [r, g, b, start] = rgbaOf(theme.palette.text.secondary);
  const readable = (color: string) =>
    getContrastRatio(composite(color, hovered), hovered) >= TEXT_CONTRAST_AA &&
    getContrastRatio(composite(color, paper), paper) >= TEXT_CONTRAST_AA;
  for (let step = 0; start + step * 0.02 < 1; step++) {
    const alpha = Math.round((start + step * 0.02) * 100) / 100;
    const color = recomposeColor({ type: 'rgba', values: [r, g, b, alpha] });
    if (readable(color)) return color;
  }
  return theme.palette.text.primary;
}
