import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { invariantResponse, refusalResponse } from "~/app/http.server";
import { utcMinute } from "~/app/production/format";
import { getApiToken, revokeApiToken } from "~/app/production/tokens.server";

export const meta: MetaFunction = () => [{ title: "Revoke API token · Redline" }];

const ParamsSchema = z.object({ tokenId: z.coerce.number().int().positive() });

async function loadToken(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  invariantResponse(parsed.success, "No such token.", 404);
  const token = await getApiToken({ db: await getDb(), tokenId: parsed.data.tokenId });
  invariantResponse(token, "No such token.", 404);
  return token;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "tokens:manage" });
  const token = await loadToken(params);
  return { token: { id: token.id, name: token.name, lastUsedAt: token.lastUsedAt?.toISOString() ?? null, revokedAt: token.revokedAt?.toISOString() ?? null } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "tokens:manage" });
  const token = await loadToken(params);
  try {
    await revokeApiToken({ db: await getDb(), actorId: admin.id, tokenId: token.id });
  } catch (error) {
    throw refusalResponse(error);
  }
  throw redirect("/admin/tokens");
}

export default function RevokeApiToken() {
  const { token } = useLoaderData<typeof loader>();
  if (token.revokedAt) {
    return (
      <>
        <h1>Token “{token.name}”</h1>
        <p>This token was revoked on {utcMinute(token.revokedAt)}.</p>
        <p>
          <Link to="/admin/tokens">Back to API tokens</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Revoke token “{token.name}”?</h1>
      <p>
        Every request with this token will be refused (401) from now on; the assistant that uses it stops delivering events until it gets a new
        one. Revoking cannot be undone. Last used: {utcMinute(token.lastUsedAt)}.
      </p>
      <Form method="post">
        <button type="submit" className="primary">
          Revoke token
        </button>{" "}
        <Link to="/admin/tokens">Cancel</Link>
      </Form>
    </>
  );
}

