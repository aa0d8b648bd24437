"""Softmax cross-entropy ignores the level of the logits; z-loss pins it.

A linear softmax classifier (16 classes, float64) trained with Adam, full
batch. log Z = logsumexp(logits) is the softmax normalizer. PaLM's z-loss
adds 1e-4 * (log Z)^2 to the loss (Chowdhery et al. 2022).
"""

import torch
import torch.nn.functional as F

torch.manual_seed(0)
n, d, classes, steps = 1024, 8, 16, 4000
x = torch.randn(n, d, dtype=torch.float64)
teacher = torch.randn(d, classes, dtype=torch.float64)
y = torch.multinomial(torch.softmax(x @ teacher, -1), 1).squeeze(1)

# Adding a constant to every logit changes no probability, so not the loss:
z = x @ teacher
same = F.cross_entropy(z, y).item(), F.cross_entropy(z + 100.0, y).item()
print(f"cross-entropy of z: {same[0]:.6f}, of z + 100: {same[1]:.6f}")


def train(z_coef=0.0, offset=0.0):
    torch.manual_seed(1)
    model = torch.nn.Linear(d, classes, dtype=torch.float64)
    with torch.no_grad():
        model.bias += offset  # start with every logit shifted by offset
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    log_z_history = []
    for step in range(steps + 1):
        logits = model(x)
        log_z = torch.logsumexp(logits, dim=-1)  # one per example
        ce = F.cross_entropy(logits, y)
        if step % 1000 == 0:
            log_z_history.append(log_z.mean().item())
        loss = ce + z_coef * (log_z**2).mean()  # the z-loss term
        opt.zero_grad()
        loss.backward()
        opt.step()
    return log_z_history, ce.item()


runs = {
    "cross-entropy only": train(),
    "same, logits start 10 higher": train(offset=10.0),
    "cross-entropy + 1e-4 z-loss": train(z_coef=1e-4),
}
print(
    "mean log Z at steps "
    + ", ".join(str(s) for s in range(0, steps + 1, 1000))
)
for name, (log_z, ce) in runs.items():
    values = " ".join(f"{v:6.2f}" for v in log_z)
    print(f"{name:29s} {values}   final cross-entropy {ce:.4f}")
