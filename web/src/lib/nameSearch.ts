/**
 * Jongseong (a syllable's final consonant) → what it becomes when the next
 * vowel is typed: the choseong (initial) of the next syllable, or for a
 * double final its first half kept and its second half moved on.
 */
const FINAL_MOVES_ON: Readonly<Record<string, string>> = {
  '\u11A8': '\u1100', // ㄱ
  '\u11A9': '\u1101', // ㄲ
  '\u11AA': '\u11A8\u1109', // ㄳ
  '\u11AB': '\u1102', // ㄴ
  '\u11AC': '\u11AB\u110C', // ㄵ
  '\u11AD': '\u11AB\u1112', // ㄶ
  '\u11AE': '\u1103', // ㄷ
  '\u11AF': '\u1105', // ㄹ
  '\u11B0': '\u11AF\u1100', // ㄺ
  '\u11B1': '\u11AF\u1106', // ㄻ
  '\u11B2': '\u11AF\u1107', // ㄼ
  '\u11B3': '\u11AF\u1109', // ㄽ
  '\u11B4': '\u11AF\u1110', // ㄾ
  '\u11B5': '\u11AF\u1111', // ㄿ
  '\u11B6': '\u11AF\u1112', // ㅀ
  '\u11B7': '\u1106', // ㅁ
  '\u11B8': '\u1107', // ㅂ
  '\u11B9': '\u11B8\u1109', // ㅄ
  '\u11BA': '\u1109', // ㅅ
  '\u11BB': '\u110A', // ㅆ
  '\u11BC': '\u110B', // ㅇ
  '\u11BD': '\u110C', // ㅈ
  '\u11BE': '\u110E', // ㅊ
  '\u11BF': '\u110F', // ㅋ
  '\u11C0': '\u1110', // ㅌ
  '\u11C1': '\u1111', // ㅍ
  '\u11C2': '\u1112', // ㅎ
};

/**
 * A name or a query as it is compared: compatibility-decomposed (Hangul
 * syllables into their letters, full-width Latin into ASCII), accents
 * dropped, lower case, spaces collapsed.
 */
export function searchForm(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * Whether `name` matches what is typed in a search box: a case- and
 * accent-insensitive substring match, letter by letter, so that a Korean
 * name matches while its syllables are still being composed ("ㅁ", "미",
 * "민" and "믽" on the way to "민지" all find 민지). An empty query matches
 * everyone.
 */
export function matchesName(name: string, query: string): boolean {
  const wanted = searchForm(query);
  if (wanted === '') return true;
  const form = searchForm(name);
  if (form.includes(wanted)) return true;
  // The last syllable typed may end in a consonant that the next vowel will move on.
  const last = wanted.slice(-1);
  const movedOn = FINAL_MOVES_ON[last];
  return movedOn !== undefined && form.includes(wanted.slice(0, -1) + movedOn);
}
