"""FSDP2 (fully_shard) on 2 CPU processes: each rank holds half of every
gradient; clip_grad_norm_ returns the norm of the whole as a DTensor."""

import os
import tempfile

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.distributed.fsdp import fully_shard

WORLD_SIZE, MAX_NORM = 2, 1.0


def make_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1))


def shard(rank):
    """Rank `rank`'s own 16 training examples."""
    gen = torch.Generator().manual_seed(100 + rank)
    X = torch.randn(16, 8, generator=gen)
    return X, 3 * torch.randn(16, 1, generator=gen)


def worker(rank, out_dir):
    # The ranks find each other through a file; on several machines you
    # would use init_method="env://" with MASTER_ADDR and MASTER_PORT.
    store = "file://" + os.path.join(out_dir, "store")
    dist.init_process_group(
        "gloo", init_method=store, rank=rank, world_size=WORLD_SIZE
    )
    model = make_model()
    for layer in model:
        if isinstance(layer, nn.Linear):
            fully_shard(layer)  # this rank keeps half the rows of each tensor
    fully_shard(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = shard(rank)
    nn.functional.mse_loss(model(X), y).backward()
    # Wrong: the norm of the shards this rank holds (a different number on
    # every rank, none of them the norm of the gradient).
    local = [p.grad.to_local() for p in model.parameters()]
    local_norm = nn.utils.get_total_norm(local).item()
    norm = nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM)
    full_norm = norm.full_tensor().item()  # a DTensor: gather it to read it
    optimizer.step()
    weights = [p.full_tensor() for p in model.parameters()]
    result = {"local": local_norm, "type": type(norm).__name__}
    result.update(full=full_norm, weights=weights)
    torch.save(result, os.path.join(out_dir, f"rank{rank}.pt"))
    dist.barrier()  # every rank is done before any of them shuts down
    dist.destroy_process_group()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        mp.spawn(worker, args=(tmp,), nprocs=WORLD_SIZE, join=True)
        ranks = [
            torch.load(os.path.join(tmp, f"rank{r}.pt"))
            for r in range(WORLD_SIZE)
        ]
    for r, res in enumerate(ranks):
        print(
            f"rank {r}: its shards {res['local']:.4f} | returned "
            f"{res['type']}, full_tensor() {res['full']:.4f}"
        )

    # Reference: one process, both shards as one batch, the same clipped step.
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = (torch.cat(t) for t in zip(*(shard(r) for r in range(WORLD_SIZE))))
    nn.functional.mse_loss(model(X), y).backward()
    ref_norm = nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM).item()
    optimizer.step()
    local_norms = [res["local"] for res in ranks]
    full_norms = [res["full"] for res in ranks]
    max_diff = max(
        (w - p).abs().max().item()
        for res in ranks
        for w, p in zip(res["weights"], model.parameters())
    )
    print(f"one process, whole batch: norm {ref_norm:.4f}")
    same = max_diff < 1e-6
    print(f"weights after the step equal the one-process run: {same}")
