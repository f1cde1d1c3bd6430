"""The background worker of the record kit: tasks on django-tasks' database backend, retried with back-off,
reclaimed from a worker that died, a schedule of periodic tasks, and progress that pages can show.

It sits in the kit's lowest layer beside `core` (it imports nothing of PeaceOps' apps): an app declares its
tasks with `peaceops.worker.tasks.background_task` and registers periodic ones with
`peaceops.worker.schedule.register` from its AppConfig.ready. `peaceops worker` runs them
(docs/operators/worker.md; docs/decisions/background-worker.md says why this design).
"""
