"""Prefect flows: orchestration only. Each flow calls one capability package of `governance` per step.

What the house wires for each capability (CLI commands, flows, deployments, bootstrap step) is listed once,
in flows.registry. No module here may share its name with a top-level package: Prefect puts this folder first
on sys.path when it loads a file-path entrypoint.
"""
