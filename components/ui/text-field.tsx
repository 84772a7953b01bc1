import { Field, type FieldProps } from "./field";
import { PasswordField } from "./password-field";

type TextFieldProps = Omit<FieldProps, "trailing" | "below" | "extraDescribedBy">;

/** A field of a kind the forms share: its label and name can be told otherwise. */
type PresetFieldProps = Omit<TextFieldProps, "label" | "name" | "type"> &
  Partial<Pick<TextFieldProps, "label" | "name">>;

/** A labelled input with its error right below it; a password gets a "Show password" toggle. */
export function TextField({ type, ...props }: TextFieldProps) {
  if (type === "password") return <PasswordField {...props} />;
  return <Field type={type} {...props} />;
}

/** A person's name ("Name"). */
export function NameField(props: PresetFieldProps) {
  return <Field label="Name" name="name" autoComplete="name" required {...props} />;
}

/** An email address field ("Email"). */
export function EmailField(props: PresetFieldProps) {
  return <Field label="Email" name="email" type="email" autoComplete="email" required {...props} />;
}

/** The password the account has now ("Password"), typed to prove it is its owner. */
export function CurrentPasswordField(props: PresetFieldProps) {
  return (
    <PasswordField
      label="Password"
      name="password"
      autoComplete="current-password"
      required
      {...props}
    />
  );
}

/** A password being chosen ("New password"), with the policy stated beneath it and a strength meter. */
export function NewPasswordField(props: PresetFieldProps) {
  return (
    <PasswordField
      label="New password"
      name="newPassword"
      autoComplete="new-password"
      required
      meter
      hint="8 to 128 characters. Spaces and any characters are welcome; a few words make a good passphrase."
      {...props}
    />
  );
}
