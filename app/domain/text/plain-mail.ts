/**
 * The plain text of every mail Summit sends: paragraphs wrapped at 72
 * columns, links and long words never broken, bullets and quotes as in
 * plain-text minutes, and one signature block after the RFC 3676 delimiter.
 *
 * How text is read:
 * - A paragraph is a string. Spaces, tabs and single line breaks inside it
 *   separate words and are reflowed; a blank line (only spaces or tabs on it)
 *   starts a new paragraph, and paragraphs come out one blank line apart.
 *   A no-break space (U+00A0) joins two words that must stay on one line.
 * - A caller who wants its own line breaks kept marks them: in `composeMail`
 *   with a `{ lines }` block (each line wrapped on its own, no blank line
 *   between), or with `{ quote }` for someone's words, whose lines stay as
 *   they wrote them.
 * - Widths count code points of the text in NFC, so "Łukasz" and "Berrangé"
 *   are six and eight characters, not their UTF-8 bytes.
 * - A word longer than the width (a URL, a path) is never broken: it stands
 *   on a line of its own, which is then the only kind of line longer than the width.
 * - The sign-off is the summit's own text: its lines are kept as written.
 */

/** Lines of mail stay within this many characters. */
export const MAIL_WIDTH = 72;

/** The signature delimiter of RFC 3676: two dashes and a space, alone on a line. */
export const SIGNATURE_DELIMITER = "-- ";

const WORD_SEPARATOR = /[ \t\n\r\f\v]+/;
const PARAGRAPH_BREAK = /\r?\n[ \t]*\r?\n/;

/** The length of `text` in characters: code points of its NFC form. */
export function textWidth(text: string): number {
  return [...text.normalize("NFC")].length;
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`A line width is a positive whole number, not ${width}.`);
  }
}

/** The words of `text`, in order: what wrapping keeps, whatever it does to the spaces between them. */
export function wordsOf(text: string): string[] {
  return text.split(WORD_SEPARATOR).filter((word) => word !== "");
}

function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  let lineWidth = 0;
  for (const word of words) {
    const wordWidth = textWidth(word);
    if (line === "") {
      line = word;
      lineWidth = wordWidth;
    } else if (lineWidth + 1 + wordWidth <= width) {
      line += ` ${word}`;
      lineWidth += 1 + wordWidth;
    } else {
      lines.push(line);
      line = word;
      lineWidth = wordWidth;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function paragraphsOf(text: string): string[][] {
  return text
    .split(PARAGRAPH_BREAK)
    .map(wordsOf)
    .filter((words) => words.length > 0);
}

/**
 * Wraps `text` into lines of at most `width` characters, words joined by
 * single spaces. Blank lines in `text` separate paragraphs, which come out
 * one blank line apart; every other run of white space is one space. No line
 * ends with a space; the result has no final line break ("" for no words).
 */
export function wrapParagraph(text: string, width: number = MAIL_WIDTH): string {
  checkWidth(width);
  return paragraphsOf(text)
    .map((words) => wrapWords(words, width).join("\n"))
    .join("\n\n");
}

export interface BulletOptions {
  /** What the first line starts with; continuation lines are indented by as many spaces. */
  marker?: string;
  width?: number;
}

/**
 * One bullet of a list, as in plain-text minutes: the marker, then the text
 * wrapped so that its continuation lines line up under the text's first word.
 *
 *      * The minutes go to the list as plain text, and the actions are
 *        tracked until done.
 */
export function bullet(text: string, options: BulletOptions = {}): string {
  const marker = options.marker ?? " * ";
  const width = options.width ?? MAIL_WIDTH;
  checkWidth(width);
  const indent = " ".repeat(textWidth(marker));
  if (indent.length >= width) {
    throw new RangeError(`The marker ${JSON.stringify(marker)} leaves no room for text within ${width} characters.`);
  }
  const wrapped = wrapParagraph(text, width - indent.length);
  if (wrapped === "") return marker.trimEnd();
  return wrapped
    .split("\n")
    .map((line, index) => (line === "" ? "" : `${index === 0 ? marker : indent}${line}`))
    .join("\n");
}

export interface QuoteOptions {
  width?: number;
}

/**
 * Someone's words, quoted: each of their lines after "> ", an empty line as
 * ">". Their line breaks stay; a line too long for the width is wrapped, each
 * piece quoted, and trailing spaces go. Leading and trailing blank lines are
 * dropped, so a quote starts and ends with words.
 */
export function quote(text: string, options: QuoteOptions = {}): string {
  const width = options.width ?? MAIL_WIDTH;
  checkWidth(width);
  const room = Math.max(1, width - 2);
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""));
  while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  return lines
    .flatMap((line) => {
      if (line.trim() === "") return [">"];
      if (textWidth(line) + 2 <= width) return [`> ${line}`];
      return wrapWords(wordsOf(line), room).map((piece) => `> ${piece}`);
    })
    .join("\n");
}

/** A sign-off line that is a signature delimiter, however it was typed: "--", "-- ", "--PMM", "-- PMM"; not "---". */
const DELIMITER_LINE = /^--(?!-)/;

/**
 * The signature block: the delimiter "-- " on its own line, then the
 * sign-off. A sign-off that is itself a signature (it starts with "--", as
 * "-- PMM" or "--\nPMM") is used as it is, its first line made exactly
 * "-- " and the rest of that line ("-- PMM"), so the delimiter never comes
 * twice. A sign-off whose delimiter comes after a closing line
 * ("Thanks,\n-- \nThe organizers") keeps the closing above it, as written.
 * Trailing spaces go from every line but the bare delimiter. An empty
 * sign-off, or one that is only a delimiter, gives no block (""). The result
 * has no final line break.
 */
export function signature(signOff: string): string {
  const lines = signOff
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""));
  while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  if (lines.length === 0) return "";
  const at = lines.findIndex((line) => DELIMITER_LINE.test(line.trimStart()));
  if (at === -1) return [SIGNATURE_DELIMITER, ...lines].join("\n");
  const rest = lines[at]!.trimStart().slice(2).trim();
  const delimiter = rest === "" ? SIGNATURE_DELIMITER : `${SIGNATURE_DELIMITER}${rest}`;
  const block = [...lines.slice(0, at), delimiter, ...lines.slice(at + 1)];
  if (block.length === 1 && delimiter === SIGNATURE_DELIMITER) return "";
  return block.join("\n");
}

/** One block of a mail's body, in the order the mail shows them. */
export type MailBlock =
  /** A paragraph: wrapped at 72; blank lines in it separate paragraphs. */
  | string
  /** Someone's words, quoted line by line (see `quote`). */
  | { quote: string }
  /** A list, one bullet per entry (see `bullet`); the marker is " * " unless given. */
  | { bullets: readonly string[]; marker?: string }
  /** A link, alone on its line and never wrapped. */
  | { link: string }
  /** Lines kept as the caller broke them, each wrapped on its own, with no blank line between. */
  | { lines: readonly string[] }
  /** A timetable: each row its own marker (a time), its text wrapped under the text, no blank line between. */
  | { rows: ReadonlyArray<{ marker: string; text: string }> };

export interface MailText {
  /** The first line, as "Hello Gerd Hoffmann,"; a blank line follows it. */
  greeting?: string;
  paragraphs: readonly MailBlock[];
  /** The summit's sign-off (see `signature`); empty for no signature. */
  signOff: string;
}

function blockText(block: MailBlock): string {
  if (typeof block === "string") return wrapParagraph(block);
  if ("quote" in block) return quote(block.quote);
  if ("bullets" in block) {
    return block.bullets
      .filter((entry) => wordsOf(entry).length > 0)
      .map((entry) => bullet(entry, { marker: block.marker ?? " * " }))
      .join("\n");
  }
  if ("link" in block) return block.link.trim();
  if ("rows" in block) {
    return block.rows
      .filter((row) => wordsOf(row.text).length > 0)
      .map((row) => bullet(row.text, { marker: row.marker }))
      .join("\n");
  }
  return block.lines
    .filter((line) => wordsOf(line).length > 0)
    .map((line) => wrapParagraph(line))
    .join("\n");
}

/**
 * The whole body of a mail: the greeting and a blank line, the blocks one
 * blank line apart (empty ones left out), then the signature. It ends with
 * exactly one line break, and no line ends with a space but the "-- "
 * delimiter.
 */
export function composeMail(mail: MailText): string {
  const parts: string[] = [];
  const greeting = mail.greeting === undefined ? "" : wrapParagraph(mail.greeting);
  if (greeting !== "") parts.push(greeting);
  for (const block of mail.paragraphs) {
    const text = blockText(block);
    if (text !== "") parts.push(text);
  }
  const sig = signature(mail.signOff);
  if (sig !== "") parts.push(sig);
  return `${parts.join("\n\n")}\n`;
}
