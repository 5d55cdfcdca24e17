"""Operations on a Session: the workflow steps, reading cases, the measures. No Qt.

- `workflow_ops`: one function per step (report, verify, route, assign, ...), each one transaction,
  returning a `changes.Changed`; `engine` is how they all run (permission, state machine, optimistic
  lock, trail row).
- `errors`: the refusals (PermissionDenied, StepNotAllowed, BadStepArgs, NotFound, Conflict).
- `actors`, `units`, `routing`: people and their grants, responsible units, placement and escalation.
- `cases`, `case_view`: a case's state, trail, snapshot and audit; `sla_clock`: deadlines and lights.
- `kpi`: the measures in SQL; `kpi_reference`: the same in Python; `kpi_bench`: SQL vs Python.
- `placement` (grid placement of reports) and `queues` (the window's read models) are their own areas.

The caller owns the Session (architecture.md); the services never close it.
"""
