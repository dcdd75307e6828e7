"""FLOPs of one training step, counted with `torch.utils.flop_counter`, with grouped-convolution backward counted right.

torch 2.14's formula for `aten.convolution_backward` ignores `groups`: it charges a depthwise 3x3 convolution's
backward as if it were dense, `channels` times too much (pytorch/pytorch PR 183405, closed unmerged). EfficientNet's
depthwise convolutions then count as ~75% of the model's work. Each backward product (input gradient, weight
gradient) does exactly the multiply-adds of the forward convolution, so that is what we count.
"""
import torch, torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode, conv_flop_count

def conv_backward_flop(grad_out_shape, x_shape, w_shape, _bias, _stride, _padding, _dilation, transposed,
                       _output_padding, _groups, output_mask, out_shape=None, **kwargs)->int:
    "FLOPs of a convolution's backward: the forward's, once for the input gradient and once for the weight gradient"
    fwd = conv_flop_count(x_shape, w_shape, grad_out_shape, transposed)   # `w_shape` is already (c_out, c_in/groups, ...)
    return fwd*(int(output_mask[0]) + int(output_mask[1]))

def train_step_flops(model, xb, yb, loss_func=F.cross_entropy)->float:
    "GFLOP per image of one forward and backward (all parameters trainable)"
    model.train()
    with FlopCounterMode(display=False, custom_mapping={torch.ops.aten.convolution_backward: conv_backward_flop}) as fc:
        loss_func(model(xb), yb).backward()
    model.zero_grad()
    return fc.get_total_flops()/len(xb)/1e9

def forward_flops(model, xb)->float:
    "GFLOP per image of one forward in eval mode, no gradients"
    model.eval()
    with torch.no_grad(), FlopCounterMode(display=False) as fc: model(xb)
    return fc.get_total_flops()/len(xb)/1e9

if __name__=='__main__':   # `python bench/flops.py`: our counts against hand counts, and torch's own formula beside them
    import torch.nn as nn
    for conv in (nn.Conv2d(16,32,3,padding=1), nn.Conv2d(144,144,3,padding=1,groups=144), nn.ConvTranspose2d(16,8,4,2,1)):
        x = torch.randn(2, conv.in_channels, 48, 64, requires_grad=True)
        out = conv(x).detach()
        pixels = (x if isinstance(conv, nn.ConvTranspose2d) else out)[0,0].numel()   # a transposed conv works per input pixel
        fwd = len(x)*pixels*2*conv.weight.numel()   # 2 FLOPs per multiply-add; `weight` is (c_out, c_in/groups, k, k)
        hand = 3*fwd   # forward, input gradient, weight gradient: each the forward's multiply-adds
        with FlopCounterMode(display=False) as fc: (conv(x)*out).sum().backward()
        ours = train_step_flops(conv, x, out, lambda o,y: (o*y).sum())*len(x)*1e9
        print(f"{type(conv).__name__}{tuple(conv.weight.shape)} groups {conv.groups}: hand {hand/1e9:.4f} GFLOP, "
              f"ours {ours/1e9:.4f}, torch's formula {fc.get_total_flops()/1e9:.4f}")
        assert abs(ours-hand) < 1e-6*hand, (ours, hand)
