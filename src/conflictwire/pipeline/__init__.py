"""The extraction pipeline: one module per stage, plain typed functions over a parsed Doc.

    mentions (ruler entities, weapons) -> times -> quantities -> places -> attributions
    -> claims -> events -> disputes

`analyze_many` parses articles in batches with `nlp.pipe` and runs the stages on each;
`STAGES` names every stage under a versioned registered name, so a change that alters
output gets a new version and configs and golden files say which one they used.
"""

from conflictwire.pipeline.run import STAGES, analyze_doc, analyze_many

__all__ = ["STAGES", "analyze_doc", "analyze_many"]
