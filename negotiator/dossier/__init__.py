"""The negotiation's dossier (記録一式): one ZIP for a 情報公開請求 or records retention.

A PDF record per agenda item, the minutes of the meetings that took its items up, the executed
agreements as they were stored, an excerpt of the audit log, and a 目録 (README) listing them.
Members' own notes (内部メモ) are never in it. Built by the render jobs (negotiator.renders):
what it shows is taken when it is asked for and hashed, so asking again with nothing changed
gives the same ZIP without rendering anything. Only the council's facilitator (事務局, who
answers 情報公開請求) builds and downloads it.
"""
