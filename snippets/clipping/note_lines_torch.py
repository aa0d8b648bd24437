"""The note's PyTorch line is correct: it clips the global norm."""

import torch

torch.manual_seed(0)
model = torch.nn.Linear(2, 1, bias=False)
model.weight.grad = torch.tensor([[3.0, 4.0]])  # a gradient of norm 5

norm = torch.nn.utils.clip_grad_norm_(
    model.parameters(), max_norm=1.0
)  # the note's line

print("norm before clipping:", norm.item())
print(
    "gradient after:",
    [round(v, 4) for v in model.weight.grad.flatten().tolist()],
)
