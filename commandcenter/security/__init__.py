"""Personal database logins and the security migration 0005 enforces (PostgreSQL only).

`logins` creates, disables, enables and grants the login roles people sign in with; the database
itself (grants, row-level security, policies: migrations/versions/0005_security.py) decides what each
login may read and change; migration 0007_step_checks.py checks that each step a login records
writes exactly what the step writes, with arguments the app allows (route target, assignee,
deadlines, the SLA clock computed in SQL).
"""
