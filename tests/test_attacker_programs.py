"""The attacker's warm-started programs (``release.attacker._WarmProgram``) against scipy's own solver, from scratch.

The release build attacks hidden values one after another on one program kept in HiGHS, changing only the
objective. A wrong warm start would report a wrong interval end, so each end is compared with a fresh solve.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from sectorscope.release.attacker import _WarmProgram


def _tables(seed: int) -> tuple[csr_matrix, np.ndarray, csr_matrix, np.ndarray, np.ndarray]:
    """A small table of hidden counts like the release's: sums equal to shown totals, parts below their groups."""
    random = np.random.default_rng(seed)
    n = 12
    truth = random.integers(0, 20, n).astype(float)
    sums = np.zeros((3, n))
    for row in range(3):
        sums[row, random.choice(n, size=4, replace=False)] = 1.0
    parts = np.zeros((4, n))
    for row in range(4):
        part, group = random.choice(n, size=2, replace=False)
        parts[row, part], parts[row, group] = 1.0, -1.0
    slack = parts @ truth
    upper = np.where(random.random(n) < 0.3, truth + random.integers(0, 5, n), np.inf)
    return csr_matrix(sums), sums @ truth, csr_matrix(parts), np.maximum(slack, 0.0), upper


@pytest.mark.parametrize("ways", [("dual", "primal"), ("primal", "fresh"), ("fresh", "dual")])
@pytest.mark.parametrize("seed", range(4))
def test_each_end_equals_a_solve_from_scratch_whichever_way_it_goes_on(seed, ways):
    a_eq, b_eq, a_ub, b_ub, upper = _tables(seed)
    n = a_eq.shape[1]
    constraints = [LinearConstraint(a_eq, b_eq, b_eq), LinearConstraint(a_ub, -np.inf, b_ub)]
    warm = _WarmProgram(a_eq, b_eq, a_ub, b_ub, upper, constraints)
    for column in range(n):
        for sign, way in zip((1.0, -1.0), ways, strict=True):
            objective = np.zeros(n)
            objective[column] = sign
            fresh = milp(objective, constraints=constraints, bounds=Bounds(np.zeros(n), upper))
            status, x = warm.minimise(objective, way)
            assert status == fresh.status
            if fresh.status == 0:
                assert objective @ x == pytest.approx(fresh.fun, abs=1e-6)
                assert np.allclose(a_eq @ x, b_eq, atol=1e-6) and (a_ub @ x <= b_ub + 1e-6).all()
                assert (x >= -1e-9).all() and (x <= upper + 1e-9).all()


def test_a_value_without_an_upper_end_is_unbounded_as_scipy_says():
    # x0 + x1 = 5, x0 - x2 <= 0, no upper bound on x2: x0 is at most 5, x2 has no upper end
    a_eq = csr_matrix(np.array([[1.0, 1.0, 0.0]]))
    a_ub = csr_matrix(np.array([[1.0, 0.0, -1.0]]))
    constraints = [LinearConstraint(a_eq, [5.0], [5.0]), LinearConstraint(a_ub, -np.inf, [0.0])]
    warm = _WarmProgram(a_eq, np.array([5.0]), a_ub, np.array([0.0]), np.full(3, np.inf), constraints)
    for way in ("dual", "primal", "fresh"):
        status, x = warm.minimise(np.array([-1.0, 0.0, 0.0]), way)
        assert status == 0 and x[0] == pytest.approx(5.0)
        assert warm.minimise(np.array([0.0, 0.0, -1.0]), way) == (3, None)
        assert warm.minimise(np.array([0.0, 1.0, 0.0]), way)[1][1] == pytest.approx(0.0)
