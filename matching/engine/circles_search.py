"""Local search for circles: construction, then steepest ascent placing people first.

The state is ``slots = n // size_min`` circle slots plus a pseudo-circle ``out`` for people
not placed; a slot is empty or holds a circle. A person × circle gain matrix ``G`` (sum of
scores to the circle's members) and forbidden-partner counts make every neighbourhood a few
array operations. Neighbourhoods, in priority order (placing people before improving the
score, as in the pairing solvers):

1. *place*: an unplaced person joins a circle with room;
2. *relocate*: an unplaced person takes the place of a member (the one blocking them, if
   any), who moves to another circle with room;
3. *open*: an unplaced person opens a circle of ``size_min`` with other unplaced people or
   with members that other circles can spare;
4. the best of *move* (a person to another circle), *swap* (two people, one may be
   unplaced), *merge* (two circles into one) and, when none of those gains, *split* (a circle
   into two). Merge and split are what let circle sizes follow the scores: people who
   dislike each other end in small circles, people who like each other in large ones.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np

#: First partners tried when an unplaced person opens a circle.
TRIES = 8
#: Above this many unplaced people, opening circles is tried before relocations.
MANY_UNPLACED = 50


def size_plan(n: int, size_min: int, size_max: int) -> tuple[int, int]:
    """A starting number of circles and how many people they hold (local search then adapts
    the sizes): the fewest circles that place everyone when possible."""
    g = math.ceil(n / size_max)
    if g * size_min <= n:
        return g, n
    g = n // size_min
    return g, g * size_max


class Partition:
    """People in circle slots, with the gain matrix and forbidden counts kept up to date."""

    def __init__(self, val: np.ndarray, forb: np.ndarray, size_min: int, size_max: int) -> None:
        n = val.shape[0]
        self.val, self.fint, self.n = val, forb.astype(np.int64), n
        self.lo, self.hi = size_min, size_max
        self.g = max(1, n // size_min)  # no partition has more circles than this
        self.out = self.g
        self.where = np.full(n, self.g)
        self.size = np.zeros(self.g + 1, dtype=np.int64)
        self.size[self.g] = n
        self.gain = np.zeros((n, self.g + 1))
        self.nforb = np.zeros((n, self.g + 1), dtype=np.int64)
        self.iterations = 0
        self.relocate_first = False

    def move(self, i: int, c: int) -> None:
        a = self.where[i]
        self.gain[:, a] -= self.val[:, i]
        self.nforb[:, a] -= self.fint[:, i]
        self.size[a] -= 1
        self.gain[:, c] += self.val[:, i]
        self.nforb[:, c] += self.fint[:, i]
        self.size[c] += 1
        self.where[i] = c

    def load(self, circles: list[list[int]]) -> None:
        """Start from given circles (everyone else unplaced)."""
        for c, members in enumerate(circles):
            for i in members:
                self.move(i, c)

    def construct(self, order: np.ndarray) -> None:
        """Each person in ``order`` joins the feasible circle with room where their marginal
        gain is largest, circles being filled evenly to the size plan. Circles left below
        ``size_min`` are dissolved, so from here on every circle is empty or feasible and
        every move keeps it so."""
        g, room = size_plan(self.n, self.lo, self.hi)
        target = np.zeros(self.g, dtype=np.int64)
        target[:g] = room // g
        target[: room % g] += 1
        target = np.minimum(target, self.hi)
        for i in order:
            ok = (self.nforb[i, : self.g] == 0) & (self.size[: self.g] < target)
            if ok.any():
                self.move(int(i), int(np.argmax(np.where(ok, self.gain[i, : self.g], -np.inf))))
        for c in np.nonzero((self.size[: self.g] > 0) & (self.size[: self.g] < self.lo))[0]:
            for i in np.nonzero(self.where == c)[0]:  # too small: its members start unplaced
                self.move(int(i), self.out)

    # ------------------------------------------------------------------ placing people

    def place_one(self) -> bool:
        g = self.g
        unplaced = self.where == self.out
        room = (self.size[:g] > 0) & (self.size[:g] < self.hi)
        ins = unplaced[:, None] & (self.nforb[:, :g] == 0) & room[None, :]
        if not ins.any():
            return False
        i, c = np.unravel_index(np.argmax(np.where(ins, self.gain[:, :g], -np.inf)), ins.shape)
        self.move(int(i), int(c))
        return True

    def relocate_one(self) -> bool:
        """An unplaced person ``u`` enters circle ``c`` in place of one member ``v`` (the only
        one forbidden with ``u``, or anyone when none is), who moves to another circle with
        room that accepts them."""
        g, where = self.g, self.where
        full = self.size[:g] >= self.lo
        room = full & (self.size[:g] < self.hi)
        accepts = room[None, :] & (self.nforb[:, :g] == 0)  # person × circle with room
        order = np.argsort(where, kind="stable")
        bounds = np.searchsorted(where[order], np.arange(g + 1))
        for u in np.nonzero(where == self.out)[0]:
            for c in np.nonzero((self.nforb[u, :g] <= 1) & full)[0]:
                members = order[bounds[c] : bounds[c + 1]]
                blockers = members[self.fint[u, members] == 1]
                movable = blockers if len(blockers) else members
                ok = accepts[movable].copy()
                ok[:, c] = False
                if ok.any():
                    k, d = np.unravel_index(
                        np.argmax(np.where(ok, self.gain[movable, :g], -np.inf)), ok.shape
                    )
                    self.move(int(movable[k]), int(d))
                    self.move(int(u), int(c))
                    return True
        return False

    def open_one(self) -> bool:
        """Open a new circle around an unplaced person: grow a set of mutually allowed people
        to ``size_min``, taking unplaced people first, then members of circles that can spare
        one (they stay at ``size_min`` or more)."""
        empty = np.nonzero(self.size[: self.g] == 0)[0]
        if len(empty) == 0:
            return False
        spare = self.size > self.lo
        spare[self.out] = True
        for u in np.nonzero(self.where == self.out)[0]:
            # only partners who are unplaced or whose circle can spare them (when every
            # score ties, the best-scored might all sit in circles of ``size_min``)
            partners = np.nonzero((self.fint[u] == 0) & spare[self.where])[0]
            partners = partners[np.argsort(-self.val[u, partners], kind="stable")]
            for first in partners[partners != u][:TRIES]:
                group = self._grow([int(u), int(first)])
                if group:
                    for j in group:
                        self.move(j, int(empty[0]))
                    return True
        return False

    def _grow(self, group: list[int]) -> list[int] | None:
        spare = np.maximum(self.size - self.lo, 0)
        spare[self.out] = self.n
        ok = np.ones(self.n, dtype=bool)
        for j in group:
            if spare[self.where[j]] <= 0:
                return None
            spare[self.where[j]] -= 1
            ok &= self.fint[j] == 0
            ok[j] = False
        while len(group) < self.lo:
            ok &= spare[self.where] > 0
            if not ok.any():
                return None
            unplaced = ok & (self.where == self.out)
            pick = unplaced if unplaced.any() else ok
            j = int(np.argmax(np.where(pick, self.val[group].sum(axis=0), -np.inf)))
            group.append(j)
            spare[self.where[j]] -= 1
            ok &= self.fint[j] == 0
            ok[j] = False
        return group

    # ------------------------------------------------------------------ improving the score

    def move_gains(self, own: np.ndarray) -> np.ndarray:
        g, where, size = self.g, self.where, self.size
        placed = where < self.out
        mv = (
            placed[:, None]
            & (self.nforb[:, :g] == 0)
            & (size[None, :g] < self.hi)
            & (size[None, :g] > 0)
            & (size[where] > self.lo)[:, None]
            & (np.arange(g)[None, :] != where[:, None])
        )
        return np.where(mv, self.gain[:, :g] - own[:, None], -np.inf)

    def swap_gains(self, own: np.ndarray) -> np.ndarray:
        n, out, val, where = self.n, self.out, self.val, self.where
        placed = where < out
        ci, cj = where[:, None], where[None, :]
        g_i_to_cj = self.gain[np.arange(n)[:, None], cj]
        into_j = np.where(cj < out, g_i_to_cj - val, 0.0)
        delta = into_j + into_j.T - own[:, None] - own[None, :]
        f_i = self.nforb[np.arange(n)[:, None], cj] - self.fint
        swap_ok = (ci != cj) & ((cj == out) | (f_i == 0)) & ((ci == out) | (f_i.T == 0))
        swap_ok &= placed[:, None] | placed[None, :]
        return np.where(swap_ok, delta, -np.inf)

    def merge_gains(self) -> np.ndarray:
        """Circle × circle: the score gained by merging two circles (``-inf`` if not allowed)."""
        g = self.g
        cross = np.zeros((g + 1, g + 1))
        np.add.at(cross, self.where, self.gain)
        forb = np.zeros((g + 1, g + 1), dtype=np.int64)
        np.add.at(forb, self.where, self.nforb)
        cross, forb, size = cross[:g, :g], forb[:g, :g], self.size[:g]
        ok = (forb == 0) & (size[:, None] + size[None, :] <= self.hi)
        ok &= (size[:, None] >= self.lo) & (size[None, :] >= self.lo)
        np.fill_diagonal(ok, False)
        return np.where(ok, cross, -np.inf)

    def best_split(self) -> tuple[float, list[int]]:
        """The best split of one circle into two of at least ``size_min`` (gain, one part)."""
        best: tuple[float, list[int]] = (-np.inf, [])
        for c in np.nonzero(self.size[: self.g] >= 2 * self.lo)[0]:
            members = np.nonzero(self.where == c)[0]
            sub = self.val[np.ix_(members, members)]
            s = len(members)
            for k in range(self.lo - 1, s - self.lo):
                for rest in itertools.combinations(range(1, s), k):
                    part = np.zeros(s, dtype=bool)
                    part[[0, *rest]] = True
                    gain = -float(sub[np.ix_(part, ~part)].sum())
                    if gain > best[0]:
                        best = (gain, members[part].tolist())
        return best

    def improve(self, deadline: float, limit: int, eps: float) -> int:
        """Steepest ascent until nothing gains more than ``eps``, the deadline passes or
        ``limit`` iterations ran. Returns the iterations run."""
        n, where = self.n, self.where
        iterations = 0
        while iterations < limit and time.perf_counter() < deadline:
            iterations += 1
            if self.place_one() or self._place_more():
                continue
            placed = where < self.out
            own = np.where(placed, self.gain[np.arange(n), where], 0.0)
            if not self._score_step(own, eps):
                if self.relocate_first or self.size[self.out] == 0:
                    break
                self.relocate_first = True  # stuck: try every relocation before opening

        return iterations

    def _place_more(self) -> bool:
        """Relocate before opening a circle (it keeps circles whole), unless so many are
        unplaced that trying every relocation each round would cost more than opening."""
        if self.relocate_first or int(self.size[self.out]) <= MANY_UNPLACED:
            return self.relocate_one() or self.open_one()
        return self.open_one() or self.relocate_one()

    def _score_step(self, own: np.ndarray, eps: float) -> bool:
        """One round of score moves: the best move or swap of every person, applied together
        as long as no two touch the same circle or person (each then gains exactly what it
        was evaluated to gain); a merge when it beats them all; a split when nothing else
        gains."""
        mv, sw, mg = self.move_gains(own), self.swap_gains(own), self.merge_gains()
        rows = np.arange(self.n)
        best_mv, best_sw = np.argmax(mv, axis=1), np.argmax(sw, axis=1)
        cands = [
            (mv[i, best_mv[i]], 0, i, best_mv[i]) for i in np.nonzero(mv[rows, best_mv] > eps)[0]
        ]
        cands += [
            (sw[i, best_sw[i]], 1, i, best_sw[i]) for i in np.nonzero(sw[rows, best_sw] > eps)[0]
        ]
        top_merge = mg.max(initial=-np.inf)
        if top_merge > eps and top_merge >= max((c[0] for c in cands), default=-np.inf):
            keep, drop = np.unravel_index(np.argmax(mg), mg.shape)
            for member in np.nonzero(self.where == drop)[0]:
                self.move(int(member), int(keep))
            return True
        if cands:
            self._apply_disjoint(sorted(cands, key=lambda c: -c[0]))
            return True
        gain, part = self.best_split()
        if gain <= eps:
            return False
        empty = int(np.nonzero(self.size[: self.g] == 0)[0][0])
        for i in part:
            self.move(i, empty)
        return True

    def _apply_disjoint(self, cands: list) -> None:
        circles: set[int] = set()
        people: set[int] = set()
        for _, kind, i, other in cands:
            a = int(self.where[i])
            if kind == 0:
                touched, who = {a, int(other)}, {int(i)}
            else:
                touched, who = {a, int(self.where[other])}, {int(i), int(other)}
            touched.discard(self.out)  # people leaving or joining "out" do not interact
            if touched & circles or who & people:
                continue
            circles |= touched
            people |= who
            if kind == 0:
                self.move(int(i), int(other))
            else:
                b = int(self.where[other])
                self.move(int(i), b)
                self.move(int(other), a)

    def circles(self) -> tuple[list[list[int]], list[int]]:
        """The circles of a feasible size, and everyone else (a circle that could not be
        filled to ``size_min`` leaves its members out)."""
        kept, unplaced = [], np.nonzero(self.where == self.out)[0].tolist()
        for c in range(self.g):
            members = np.nonzero(self.where == c)[0].tolist()
            if self.lo <= len(members) <= self.hi:
                kept.append(members)
            else:
                unplaced.extend(members)
        return sorted(kept), sorted(unplaced)
