/**
 * Saves `lines` as a text file named `fileName` (one line each), through a Blob and an object URL: the
 * browser's download, without a request.
 */
export function downloadLines(fileName: string, lines: string[]): void {
  const blob = new Blob([lines.map(l => `${l}\n`).join('')], {
    type: 'text/plain;charset=utf-8',
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // after the click has been handled: revoking at once may cancel the download in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
