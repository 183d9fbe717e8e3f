"""Claims suggested from an article's archived text: its sentences (sentences.py) scored for
check-worthiness with reasons (scoring.py), who said each and through whom guessed
(attribution.py), and the suggestions kept for researchers (build.py)."""
