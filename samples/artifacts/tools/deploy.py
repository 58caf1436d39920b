#!/usr/bin/env python3
"""Deploys product-a. A Python script, not a Python package: it belongs in a raw repository."""
import sys

if __name__ == "__main__":
    print(f"deploying product-a {sys.argv[1] if len(sys.argv) > 1 else '1.2.3'}")
