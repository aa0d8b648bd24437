"""clip_grad_norm_ clips all parameters together, not each one alone."""

import torch


def clipped_update(per_parameter):
    """Clip gradients [3] and [4] of two parameters; one SGD step (lr 1)."""
    a, b = (
        torch.nn.Parameter(torch.zeros(1)),
        torch.nn.Parameter(torch.zeros(1)),
    )
    a.grad, b.grad = torch.tensor([3.0]), torch.tensor([4.0])
    if per_parameter:  # what Keras `clipnorm` does
        for p in (a, b):
            torch.nn.utils.clip_grad_norm_([p], max_norm=1.0)
    else:  # one global norm, like Keras `global_clipnorm`
        torch.nn.utils.clip_grad_norm_([a, b], max_norm=1.0)
    torch.optim.SGD([a, b], lr=1.0).step()
    return [round(a.item(), 4), round(b.item(), 4)]


per_parameter = clipped_update(per_parameter=True)
global_norm = clipped_update(per_parameter=False)
print("update, each parameter clipped alone:", per_parameter)
print("update, clip_grad_norm_ on all:      ", global_norm)
