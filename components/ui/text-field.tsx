import { Field, type FieldProps } from "./field";
import { PasswordField } from "./password-field";

type TextFieldProps = Omit<FieldProps, "trailing" | "below" | "extraDescribedBy">;

/** A labelled input with its error right below it; a password gets a "Show password" toggle. */
export function TextField({ type, ...props }: TextFieldProps) {
  if (type === "password") return <PasswordField {...props} />;
  return <Field type={type} {...props} />;
}

/** An email address field (label "Email" unless told otherwise). */
export function EmailField({
  label = "Email",
  name = "email",
  ...props
}: Omit<TextFieldProps, "label" | "name" | "type"> & { label?: string; name?: string }) {
  return (
    <TextField label={label} name={name} type="email" autoComplete="email" required {...props} />
  );
}

/**
 * A password being chosen, with the policy stated beneath it and a strength meter (label "New
 * password" unless told otherwise).
 */
export function NewPasswordField({
  label = "New password",
  name = "newPassword",
  ...props
}: Omit<TextFieldProps, "label" | "name" | "type"> & { label?: string; name?: string }) {
  return (
    <PasswordField
      label={label}
      name={name}
      autoComplete="new-password"
      required
      meter
      hint="8 to 128 characters. Spaces and any characters are welcome; a few words make a good passphrase."
      {...props}
    />
  );
}
