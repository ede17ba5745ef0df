"""Executors: run a stage over the shards of a work folder.

The stage code does not know where it runs: an executor maps a picklable
:class:`~corpus.run.task.ShardTask` to :func:`~corpus.run.task.run_shard` in worker
processes (:mod:`corpus.run.local`); each worker loads its models once.  :func:`corpus.run.driver.run_stage` skips shards already done.
"""
