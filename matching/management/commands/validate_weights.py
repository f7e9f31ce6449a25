"""Print the top-scored pairs of a scheme with their reasons, to check the weights read as
sensible matches to a coordinator."""

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from schemes.models import Scheme

from ...pool import build_pool, score_applications, score_matrix


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
        # every pair scored as one array; reasons only for the pairs printed
        if found.is_one_pool:
            rows = cols = pool.peers
        else:
            rows, cols = pool.mentees, pool.mentors
        matrix = score_matrix(pool, rows, cols)
        if found.is_one_pool:
            matrix[np.tril_indices(len(rows))] = np.nan  # each pair once
            n_pairs = len(rows) * (len(rows) - 1) // 2
        else:
            n_pairs = matrix.size
        allowed = int(np.count_nonzero(~np.isnan(matrix)))
        self.stdout.write(
            f"{found.name}: {n_pairs} possible pairs, {n_pairs - allowed} forbidden; "
            f"weights {pool.weights}"
        )
        best = np.argsort(np.nan_to_num(-matrix, nan=np.inf), axis=None, kind="stable")
        for i, j in zip(*np.unravel_index(best[: min(top, allowed)], matrix.shape), strict=True):
            a, b = (rows[i], cols[j]) if found.is_one_pool else (cols[j], rows[i])
            score = score_applications(pool, a, b)
            self.stdout.write(
                f"{score.value:5.1f}  {a.applicant.display_name} ({a.role}) + "
                f"{b.applicant.display_name} ({b.role}): {score.summary or 'no particular reason'}"
            )
        for entry in pool.excluded:
            self.stdout.write(f"  not in the pool: {entry['name']}: {entry['reason']}")
