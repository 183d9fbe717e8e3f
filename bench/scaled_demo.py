"""The demo data scaled to a newsroom's size, for the benchmarks that read it
(bench/pages.py, bench/backup.py): run through `bench/pages.py --scale N`, in a process of
its own under the benchmark's settings."""

import datetime
import json
from pathlib import Path


def scale_demo(total: int, targets_file: Path | None = None) -> None:
    """The demo data, then copies of its claims, each published with a verdict, until there
    are total public claims, with what a newsroom's year of work has beside them: bulk
    writes, since what is measured is reading them.

    Each copy appears once in a bench article (20 claims an article), with a hop; every fifth
    appears again, a day later, in the next article, with a hop of its own. Four copies in
    five are attributed to one of total/20 bench claimants, the fifth to its demo claim's
    claimant, so a few claimants have thousands of claims and most have a handful. Each copy
    is filed under its demo claim's topics and one of 30 more; every tenth has a corrected
    verdict (two public versions); one draft is logged for every ten published claims. The
    claim rows record their first appearance and every appearance's words, as the services
    would. Run again with a larger total, it adds to what is there.

    Writes the paths the pages benchmark reads to targets_file, when given."""
    import django

    django.setup()
    from django.db.models import Count

    from claims.demo import load_demo
    from claims.markdown import render_markdown
    from claims.models import (
        Appearance,
        Attribution,
        Citation,
        Claim,
        Claimant,
        Rating,
        Topic,
        Verdict,
        quote_words_key,
    )
    from claims.visibility import public_claims
    from sources.models import Source

    load_demo(say=lambda _: None)
    demo = list(
        Claim.objects.filter(published_verdict__isnull=False)
        .select_related("first_appearance__source")
        .prefetch_related("topics")
        .order_by("pk")
    )
    ratings = list(Rating.objects.all())
    demo_verdict = Verdict.objects.filter(status="published").first()
    reviewer, published_at = demo_verdict.reviewer, demo_verdict.published_at
    rationale = "Copied from the demo: *the same reasoning*, for load."
    rationale_html = render_markdown(rationale)
    Claimant.objects.bulk_create(
        Claimant(name=f"Bench claimant {k}", slug=f"bench-claimant-{k}", kind="person")
        for k in range(Claimant.objects.filter(slug__startswith="bench-").count(), total // 20)
    )
    claimants = list(Claimant.objects.filter(slug__startswith="bench-claimant-").order_by("pk"))
    Topic.objects.bulk_create(
        (Topic(name=f"Bench topic {k}", slug=f"bench-topic-{k}") for k in range(30)),
        ignore_conflicts=True,
    )
    more_topics = list(Topic.objects.filter(slug__startswith="bench-topic-").order_by("pk"))
    Filed = Claim.topics.through
    already = public_claims().count()
    per_article, again_every, corrected_every, draft_every = 20, 5, 10, 10
    n, batch = 0, 1000
    while already + n < total:
        size = min(batch, total - already - n)
        base = Claim.objects.count()  # slugs stay unique when a run adds to an earlier one
        sources = Source.objects.bulk_create(
            Source(
                url=f"https://news.example.org/bench/{base + i}",
                title=f"Bench article {base + i}",
                publisher="Example News",
                published_on=demo[0].first_appearance.source.published_on,
            )
            for i in range(0, size, per_article)
        )
        models = [demo[(base + i) % len(demo)] for i in range(size)]
        drafts = size // draft_every
        rows = Claim.objects.bulk_create(
            Claim(
                slug=f"{model.slug[:60]}-{base + i}",
                text=f"{model.text} (copy {base + i})",
                claimant_id=(
                    model.claimant_id if i % 5 == 0 else claimants[(base + i) % len(claimants)].pk
                ),
                place=model.place,
                status=Claim.Status.PUBLISHED if i < size else Claim.Status.DRAFT,
            )
            for i, model in enumerate(models + models[:drafts])
        )
        rows, draft_rows = rows[:size], rows[size:]
        appearances: list[list[Appearance]] = []
        for i, (claim, model) in enumerate(zip(rows + draft_rows, models + models, strict=False)):
            first = model.first_appearance
            # A draft is logged in the article its published model copy is in, after them.
            position = i % per_article if i < size else 2 * per_article + i
            places = [(sources[(i % size) // per_article], position, first.made_on)]
            if i < size and (base + i) % again_every == 0:
                # The next article, after its own claims' places, a day later.
                later = first.made_on + datetime.timedelta(days=1)
                places.append(
                    (sources[(i // per_article + 1) % len(sources)], per_article + i, later)
                )
            appearances.append(
                [
                    Appearance(
                        claim=claim,
                        source=source,
                        quote=first.quote,
                        words_key=quote_words_key(first.quote),
                        position=position,
                        made_on=made_on,
                    )
                    for source, position, made_on in places
                ]
            )
        Appearance.objects.bulk_create(a for places in appearances for a in places)
        Attribution.objects.bulk_create(
            Attribution(appearance=a, position=1, claimant_id=a.claim.claimant_id, verb="said")
            for places in appearances
            for a in places
        )
        Citation.objects.bulk_create(
            Citation(
                claim=c, source=places[0].source, role=Citation.Role.ORIGIN, quote=places[0].quote
            )
            for c, places in zip(rows, appearances, strict=False)
        )
        Filed.objects.bulk_create(
            [
                *(
                    Filed(claim_id=c.pk, topic_id=t.pk)
                    for c, model in zip(rows + draft_rows, models + models, strict=False)
                    for t in model.topics.all()
                ),
                *(
                    Filed(claim_id=c.pk, topic_id=more_topics[(base + i) % len(more_topics)].pk)
                    for i, c in enumerate(rows)
                ),
            ]
        )

        def verdict(claim, i, *, base=base, version=1, status=Verdict.Status.PUBLISHED, note=""):
            return Verdict(
                claim=claim,
                rating=ratings[(base + i + version) % len(ratings)],
                summary="Copied verdict for load.",
                rationale=rationale,
                rationale_html=rationale_html,
                reviewer=reviewer,
                published_by=reviewer,
                status=status,
                version=version,
                published_at=published_at + datetime.timedelta(seconds=base + i),
                correction_note=note,
            )

        corrected = [(c, i) for i, c in enumerate(rows) if (base + i) % corrected_every == 0]
        Verdict.objects.bulk_create(
            verdict(c, i, status=Verdict.Status.SUPERSEDED) for c, i in corrected
        )
        latest = {c.pk: 2 for c, _ in corrected}
        verdicts = Verdict.objects.bulk_create(
            verdict(
                c,
                i,
                version=latest.get(c.pk, 1),
                note="Corrected for load." if c.pk in latest else "",
            )
            for i, c in enumerate(rows)
        )
        for claim, v in zip(rows, verdicts, strict=True):
            claim.published_verdict = v
            claim.verdict_published_at = v.published_at
        for claim, places in zip(rows + draft_rows, appearances, strict=True):
            claim.first_appearance = places[0]
            claim.appearance_words = "\n".join(a.quote for a in places)
        Claim.objects.bulk_update(
            rows,
            ["published_verdict", "verdict_published_at", "first_appearance", "appearance_words"],
        )
        Claim.objects.bulk_update(draft_rows, ["first_appearance", "appearance_words"])
        n += size
    busiest = (
        public_claims().values("claimant__slug").annotate(n=Count("pk")).order_by("-n").first()
    )
    article = demo[0].first_appearance.source_id
    targets = {
        "claim page": "/claims/donetsk-pre-war-population-one-million/",
        "list page": "/claims/",
        "search": "/claims/?q=shells",
        "claimant page": f"/claimants/{busiest['claimant__slug']}/",
        "article page": f"/articles/{article}/",
    }
    if targets_file is not None:
        targets_file.write_text(json.dumps(targets))
    print(
        f"  {public_claims().count()} published claims, {Claim.objects.count()} in all, "
        f"{Appearance.objects.count()} appearances, {len(claimants)} bench claimants; "
        f"the claimant page's has {busiest['n']} claims",
        flush=True,
    )
