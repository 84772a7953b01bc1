/** Pure helpers shared by the in-process (Vitest) and the `next start` (Playwright) log checks. */

/** Each secret as it could appear: raw, URL-encoded, and (for signed cookies) the part before the signature. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const decoded = safeDecode(secret);
  forms.add(decoded);
  const unsigned = decoded.split(".")[0] ?? "";
  if (unsigned.length >= 16 && decoded.split(".").length === 2) forms.add(unsigned);
  return [...forms].filter((form) => form.length >= 8);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The secrets that appear in `output`, by label: empty when nothing leaked. */
export function leakedSecrets(output: string, secrets: Map<string, string>): string[] {
  return [...secrets]
    .filter(([, secret]) => secretForms(secret).some((form) => output.includes(form)))
    .map(([label]) => label);
}
