import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { commitSessionToken } from "~/app/auth/cookie.server";
import { getOptionalUser } from "~/app/auth/guard.server";
import { PASSWORD_MAX_LENGTH } from "~/app/auth/password-rules";
import { safeRedirectTo } from "~/app/auth/redirect";
import { signIn } from "~/app/auth/sign-in.server";
import { ErrorList, Field } from "~/app/components/forms";
import { getDb } from "~/app/db.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Redline" }];

const SignInSchema = z.object({
  email: z.email({ error: (issue) => (issue.input === undefined ? "Enter your email address." : "Enter a valid email address.") }),
  // Capped before it reaches the hash: a megabyte "password" must not cost a megabyte of argon2.
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH, `Passwords are at most ${PASSWORD_MAX_LENGTH} characters.`),
  redirectTo: z.string().optional(),
});

// Action headers only reach the response through this export.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirectTo(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await signIn({ db: await getDb(), email, password, client: context.clientAddress });
  if (result.ok) {
    throw redirect(safeRedirectTo(redirectTo), { headers: { "Set-Cookie": await commitSessionToken(result.token) } });
  }
  if (result.reason === "throttled") {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    return data(
      submission.reply({
        formErrors: [`Too many failed sign-ins ${result.scope === "account" ? "for this account" : "from this address"}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`],
        hideFields: ["password"],
      }),
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  const message =
    result.reason === "disabled" ? "This account is disabled. Ask an admin to re-enable it." : "The email or password is incorrect.";
  return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), { status: result.reason === "disabled" ? 403 : 401 });
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <section className="sign-in panel">
      <h1>Sign in to Redline</h1>
      <Form method="post" className="stacked" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} level="form" />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field
          labelProps={{ children: "Email" }}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "username", autoFocus: true }}
          errors={fields.email.errors}
        />
        <Field
          labelProps={{ children: "Password" }}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
          errors={fields.password.errors}
        />
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          Sign in
        </button>
      </Form>
      <p className="sign-in-near-miss">
        Seen the AI get something wrong, or seen it misused? <a href="/report">Report a near-miss</a>: anonymous, redacted before it is stored, never held against anyone, with a receipt code (not your name) for
        follow-up at <a href="/report/status">Report status</a>.
      </p>
    </section>
  );
}
