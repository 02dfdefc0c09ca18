"""Checks ONNX models latm exported with the reference onnx.checker (full check, strict shape inference).

Usage: python3 check_onnx_models.py MODEL.onnx...
Exit status 0 when every model passes, 1 with one line per failing model otherwise. Run by
OnnxCheckerTest with Debian's /usr/bin/python3 (apt-get install python3-onnx).
"""
import sys

import onnx
from onnx import checker, shape_inference


def check(path):
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    # Strict inference must reproduce the declared output shape [batch, classes] from the input alone.
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    declared = [d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim]
    got = [d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim]
    if got != declared:
        raise ValueError("inferred output shape %s, declared %s" % (got, declared))


def main(paths):
    failures = 0
    for path in paths:
        try:
            check(path)
            print("ok", path)
        except Exception as e:  # report every model, not just the first failure
            failures += 1
            print("FAIL", path, type(e).__name__, e)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
