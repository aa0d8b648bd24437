"""The claims of docs/basics/what-is.md, checked on the snippets it shows.

One test per snippet, named test_<snippet name>: tests/test_outputs.py requires it.
"""

import pytest


def _check_depth(result):
    norms = result.namespace["norms"]  # scale -> gradient norm at each layer's input
    depth = result.namespace["depth"]
    assert depth == 50
    assert all(len(g) == depth for g in norms.values())
    # std 1.2 x He: the gradient at layer 1 is over 1000 times the one at layer 50 (explodes)
    assert norms[1.2][0] / norms[1.2][-1] > 1e3
    # std 0.8 x He: over 1000 times smaller (vanishes)
    assert norms[0.8][0] / norms[0.8][-1] < 1e-3
    # He scale: no layer's gradient is more than 10 times another's (roughly flat)
    assert max(norms[1.0]) / min(norms[1.0]) < 10
    # scaling every weight by s scales the gradient at layer 1 by exactly s**50 (ReLU is
    # positively homogeneous, so the same units stay active)
    for s in (0.8, 1.2):
        assert norms[s][0] / norms[1.0][0] == pytest.approx(s**depth, rel=1e-3)
    # the curves fan out monotonically from the output side: each layer is a factor s
    assert norms[1.2][0] > norms[1.2][depth // 2] > norms[1.2][-1]
    assert norms[0.8][0] < norms[0.8][depth // 2] < norms[0.8][-1]
    assert len(result.figures) == 1


@pytest.mark.parametrize("fw", ["torch", "tf"])
def test_depth(run, fw):
    _check_depth(run(f"what_is/depth_{fw}"))
