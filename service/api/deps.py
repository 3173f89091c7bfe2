"""FastAPI dependencies as ``Annotated`` aliases, resolved from the app's container.

``DbSession`` is one transaction per request, committed when the route returns and rolled back when it
raises (scope ``function``: the commit happens before the response is sent, so a client never sees a
success that was not stored). Repositories are built on that session.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from service.api.security import Caller, identify
from service.container import Container
from service.review.workflow import Review
from service.storage.clients import ClientRepository
from service.storage.jobs import JobRepository
from service.storage.notes import NoteRepository
from service.storage.plans import PlanRepository
from service.storage.sessions import SessionRepository
from service.storage.users import UserRepository


def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def _engine(request: Request) -> Engine:
    return _container(request).database.engine


def _db(request: Request) -> Iterator[Session]:
    with _container(request).database.session() as db:
        yield db


AppContainer = Annotated[Container, Depends(_container)]
DbEngine = Annotated[Engine, Depends(_engine)]
DbSession = Annotated[Session, Depends(_db, scope="function")]


def _users(db: DbSession) -> UserRepository:
    return UserRepository(db)


Users = Annotated[UserRepository, Depends(_users)]


def _caller(request: Request, users: Users, container: AppContainer) -> Caller:
    return identify(request, users, container.settings)


CurrentUser = Annotated[Caller, Depends(_caller)]


def _clients(db: DbSession, container: AppContainer) -> ClientRepository:
    return ClientRepository(db, container.cipher)


def _plans(db: DbSession, container: AppContainer) -> PlanRepository:
    return PlanRepository(db, container.cipher)


def _sessions(db: DbSession) -> SessionRepository:
    return SessionRepository(db)


def _notes(db: DbSession, container: AppContainer) -> NoteRepository:
    return NoteRepository(db, container.cipher)


def _jobs(db: DbSession, container: AppContainer) -> JobRepository:
    return JobRepository(db, container.cipher)


Clients = Annotated[ClientRepository, Depends(_clients)]
Plans = Annotated[PlanRepository, Depends(_plans)]
Sessions = Annotated[SessionRepository, Depends(_sessions)]
Notes = Annotated[NoteRepository, Depends(_notes)]
Jobs = Annotated[JobRepository, Depends(_jobs)]


def _review(db: DbSession, container: AppContainer) -> Review:
    return Review(container, db)


ReviewFlow = Annotated[Review, Depends(_review)]
