"""An optional English predictor over a spaCy pipeline the user has installed (never a dependency).

``SpacyPredictor("en_core_web_sm")`` loads the named pipeline lazily, once; if spaCy or
the pipeline is missing it raises :class:`~corpus.errors.DependencyError`.  Its
annotation (``spacy-en``) holds English spans only, mapped to the koen types.
"""
from __future__ import annotations

import importlib.util
import logging

from ..errors import DependencyError
from ..model import Annotation, Article, Span

log = logging.getLogger(__name__)
NAME = "spacy-en"
LABELS = {"PERSON": "PS", "ORG": "OG", "GPE": "GPE", "LOC": "LC", "FAC": "FAC", "NORP": "NORP", "DATE": "DT",
          "TIME": "TI", "QUANTITY": "QT", "PERCENT": "QT", "CARDINAL": "QT", "MONEY": "MONEY"}


def available() -> bool:
    """Whether spaCy itself can be imported here."""
    return importlib.util.find_spec("spacy") is not None


class SpacyPredictor:
    """English entities from a locally installed spaCy pipeline."""

    name = NAME

    def __init__(self, pipeline: str = "en_core_web_sm") -> None:
        self.pipeline = pipeline
        self._nlp = None

    def nlp(self):
        """The spaCy pipeline (loaded once; never downloaded)."""
        if self._nlp is None:
            if not available():
                raise DependencyError(f"--spacy {self.pipeline}: spaCy is not installed "
                                      "(pip install spacy and a pipeline package; koen does not depend on it)")
            import spacy

            try:
                self._nlp = spacy.load(self.pipeline)
            except OSError as exc:
                raise DependencyError(f"--spacy {self.pipeline}: pipeline not installed ({exc})") from exc
        return self._nlp

    @property
    def model_version(self) -> str:
        meta = self.nlp().meta
        return f"spacy/{meta.get('lang', 'en')}_{meta.get('name', self.pipeline)}-{meta.get('version', '?')}"

    def __call__(self, art: Article) -> list[Annotation]:
        doc = self.nlp()(art.text_en)
        spans = [Span(id=f"en-s{n}", lang="en", start=e.start_char, end=e.end_char, label=LABELS[e.label_],
                      text=art.text_en[e.start_char:e.end_char], origin="model", annotator=NAME, score=0.5)
                 for n, e in enumerate(doc.ents, 1) if e.label_ in LABELS and e.text.strip() == e.text]
        return [Annotation(annotator=NAME, origin="model", spans=spans, model_version=self.model_version)]
