/** RFC 5987 value: encodeURIComponent leaves ' ( ) * as they are, which the header grammar does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An attachment header whose file name survives Chinese characters in every browser. */
export function contentDisposition(fileName: string): string {
  return `attachment; filename*=UTF-8''${rfc5987(fileName)}`;
}
