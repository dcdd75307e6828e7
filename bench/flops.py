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
