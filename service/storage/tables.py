"""SQLAlchemy table definitions (the schema Alembic migrates to)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)


class Base(DeclarativeBase):
    """Declarative base bound to the shared metadata."""

    metadata = metadata


class InstallationRecord(Base):
    """Facts about this installation (schema creation time, model bundle digest), never PHI."""

    __tablename__ = "installation"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(512))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ClientRecord(Base):
    """A client of the clinic: an internal id only (identifying facts live in plan versions' charts)."""

    __tablename__ = "clients"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PlanVersionRecord(Base):
    """One version of a client's treatment plan.

    ``plan_json`` is the plan without its ``client`` object; ``chart_json`` is that object, the client
    chart, which is PHI and kept in its own column so it can be encrypted at rest (a later issue)
    without touching the clinical plan. A version is in force from ``effective_from`` until
    ``effective_to`` (exclusive; None = open); editing an active plan closes it and adds a version.
    """

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("client_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    plan_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    plan_json: Mapped[str] = mapped_column(Text)
    chart_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
