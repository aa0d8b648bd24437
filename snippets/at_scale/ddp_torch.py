"""DistributedDataParallel on 2 CPU processes: every rank clips the same
all-reduced gradient, so the replicas stay identical."""

import os
import tempfile

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

WORLD_SIZE, STEPS, MAX_NORM = 2, 3, 1.0


def make_model():
    torch.manual_seed(0)  # DDP also copies rank 0's weights to every rank
    return nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1))


def shard(rank):
    """Rank `rank`'s own 16 training examples."""
    gen = torch.Generator().manual_seed(100 + rank)
    X = torch.randn(16, 8, generator=gen)
    return X, 3 * torch.randn(16, 1, generator=gen)


def grad_norm(model):
    return nn.utils.get_total_norm([p.grad for p in model.parameters()])


def worker(rank, out_dir):
    # The ranks find each other through a file; on several machines you
    # would use init_method="env://" with MASTER_ADDR and MASTER_PORT.
    store = "file://" + os.path.join(out_dir, "store")
    dist.init_process_group(
        "gloo", init_method=store, rank=rank, world_size=WORLD_SIZE
    )
    model = DDP(make_model())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = shard(rank)
    local_norms, norms = [], []
    for _ in range(STEPS):
        # For comparison only: the gradient of this rank's shard alone
        # (no_sync skips the all-reduce).
        with model.no_sync():
            nn.functional.mse_loss(model(X), y).backward()
        local_norms.append(grad_norm(model).item())
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()  # DDP averages the gradients over all ranks here
        norm = nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM)
        optimizer.step()
        optimizer.zero_grad()
        norms.append(norm.item())
    params = torch.cat([p.detach().flatten() for p in model.parameters()])
    result = {"local": local_norms, "norms": norms, "params": params}
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
        local = " ".join(f"{n:.4f}" for n in res["local"])
        synced = " ".join(f"{n:.4f}" for n in res["norms"])
        print(f"rank {r}: own shard {local} | all-reduced {synced}")
    norms = [res["norms"] for res in ranks]
    params = [res["params"].numpy() for res in ranks]
    max_diff = float(np.abs(params[0] - params[1]).max())
    print(f"max |difference| between the ranks' parameters: {max_diff}")

    # Reference: one process, the two shards as one batch of 32.
    model = make_model()
    X, y = (torch.cat(t) for t in zip(*(shard(r) for r in range(WORLD_SIZE))))
    nn.functional.mse_loss(model(X), y).backward()
    full_norm = grad_norm(model).item()
    print(f"one process, both shards: step-0 norm {full_norm:.4f}")
