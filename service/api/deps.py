"""FastAPI dependencies as ``Annotated`` aliases, resolved from the app's container."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from service.container import Container


def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


AppContainer = Annotated[Container, Depends(_container)]
DbEngine = Annotated[Engine, Depends(_engine)]
