"""Renders that take long (PDFs, the sealed signing original) run as background jobs.

One row per requested render (`RenderJob`): its state, what it is doing, its result or why it
failed. The same document at the same content hash is one row, so asking twice reuses the job and
a finished one answers at once. Domains declare what a kind renders and who may see it
(`kinds.register`); the consumer runs `services.run`.
"""
