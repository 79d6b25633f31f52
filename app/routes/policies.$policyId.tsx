import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/app/auth/guard.server";
import { getDb } from "~/app/db.server";
import { renderPolicyMarkdown } from "~/app/policies/markdown";
import { getPolicy } from "~/app/policies/policies.server";
import { invariantResponse } from "~/app/http.server";
import { can } from "~/app/auth/permissions";
import { nearMissCountsBySection } from "~/app/near-miss/triage.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Policy"} · Redline` }];

const ParamsSchema = z.object({ policyId: z.string().regex(/^[a-z0-9-]+$/) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "policies:read" });
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const policy = parsed.success ? await getPolicy({ db, policyId: parsed.data.policyId }) : null;
  invariantResponse(policy, "No such policy.", 404);
  // Compliance sees how many near-miss reports name each section, small counts hidden.
  const nearMisses = can(user.role, "near_miss:triage") ? await nearMissCountsBySection({ db, anchors: policy.sections.map((s) => s.anchor) }) : null;
  return {
    nearMisses,
    id: policy.id,
    title: policy.title,
    version: policy.version,
    effective: policy.effective,
    introHtml: renderPolicyMarkdown(policy.intro),
    sections: policy.sections.map((s) => ({ anchor: s.anchor, heading: s.heading, level: s.level, html: renderPolicyMarkdown(s.markdown) })),
  };
}

function SectionHeading({ level, anchor, children }: { level: number; anchor: string; children: string }) {
  const content = (
    <>
      {children} <a className="anchor-link" href={`#${anchor}`} aria-label={`Link to section ${anchor}`}>[{anchor}]</a>
    </>
  );
  if (level <= 2) return <h2 id={anchor}>{content}</h2>;
  if (level === 3) return <h3 id={anchor}>{content}</h3>;
  return <h4 id={anchor}>{content}</h4>;
}

function NearMissCount({ anchor, counts }: { anchor: string; counts: { k: number; bySection: Record<string, { text: string; none: boolean }> } }) {
  const count = counts.bySection[anchor];
  if (!count || count.none) return <p className="near-miss-count muted">No near-miss report names this section.</p>;
  return (
    <p className="near-miss-count">
      <Link to={`/near-misses?section=${encodeURIComponent(anchor)}`}>Near-miss reports naming this section: {count.text}</Link>
    </p>
  );
}

export default function PolicyPage() {
  const policy = useLoaderData<typeof loader>();
  return (
    <article className="policy">
      <p>
        <Link to="/policies">All policies</Link>
      </p>
      <h1>{policy.title}</h1>
      <p className="muted">
        Version {policy.version} · effective {policy.effective}
      </p>
      {/* Rendered by markdown-it with raw HTML disabled: see app/policies/markdown.ts */}
      <div dangerouslySetInnerHTML={{ __html: policy.introHtml }} />
      {policy.nearMisses ? (
        <p className="muted">
          Beside each section: how many near-miss reports name it (counts under {policy.nearMisses.k} show as “&lt; {policy.nearMisses.k}”). <Link to="/near-misses">Near-miss inbox</Link>
        </p>
      ) : null}
      {policy.sections.map((section) => (
        <section key={section.anchor} className="policy-section" aria-labelledby={section.anchor}>
          <SectionHeading level={section.level} anchor={section.anchor}>
            {section.heading}
          </SectionHeading>
          {policy.nearMisses ? <NearMissCount anchor={section.anchor} counts={policy.nearMisses} /> : null}
          <div dangerouslySetInnerHTML={{ __html: section.html }} />
        </section>
      ))}
    </article>
  );
}
