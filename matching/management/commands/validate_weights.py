"""Print the top-scored pairs of a scheme with their reasons, to check the weights read as
sensible matches to a coordinator."""

from typing import cast

from django.core.management.base import BaseCommand, CommandError

from schemes.models import Scheme

from ...pool import build_pool, score_applications


class Command(BaseCommand):
    help = "Print the top-scored possible pairs of a scheme's pool with the reasons."

    def add_arguments(self, parser):
        parser.add_argument("scheme", help="The scheme's slug.")
        parser.add_argument("--top", type=int, default=10)

    def handle(self, *args, scheme: str, top: int, **options):
        found = Scheme.objects.filter(slug=scheme).first()
        if found is None:
            raise CommandError(f"No scheme with slug {scheme!r}.")
        pool = build_pool(found)
        if found.is_one_pool:
            people = pool.peers
            pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1 :]]
        else:
            pairs = [(mentor, mentee) for mentor in pool.mentors for mentee in pool.mentees]
        scored = [(score_applications(pool, a, b), a, b) for a, b in pairs]
        allowed = sorted(
            (item for item in scored if not item[0].forbidden),
            key=lambda item: -cast(float, item[0].value),  # not forbidden: it has a value
        )
        forbidden = len(scored) - len(allowed)
        self.stdout.write(
            f"{found.name}: {len(pairs)} possible pairs, {forbidden} forbidden; "
            f"weights {pool.weights}"
        )
        for score, a, b in allowed[:top]:
            self.stdout.write(
                f"{score.value:5.1f}  {a.applicant.display_name} ({a.role}) + "
                f"{b.applicant.display_name} ({b.role}): {score.summary or 'no particular reason'}"
            )
        for entry in pool.excluded:
            self.stdout.write(f"  not in the pool: {entry['name']}: {entry['reason']}")
