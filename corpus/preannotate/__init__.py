"""Offline pre-annotation of both sides and cross-lingual linking (issue 6).

:class:`~corpus.preannotate.stage.PreAnnotator` is the predictor; the stage functions
are :func:`~corpus.preannotate.stage.preannotate_workdir` and
:func:`~corpus.preannotate.project.project_workdir`.  Shipped knowledge lives in
``corpus/data`` (gazetteer_*.tsv, ko_ner.yaml, en_ner.yaml, triggers.yaml,
romanization.yaml); add gazetteer files with ``--gazetteer``.
"""
