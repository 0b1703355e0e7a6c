"""Who this browser is in the room, decided on the server from its cookies (werkatelier.rooms)
and whether a room is open in this process (werkatelier.roomnet); Streamlit only."""

from __future__ import annotations

import logging

import streamlit as st

from components import state
from werkatelier import roomgate, roomnet, rooms
from werkatelier.roomops import voter_key

#: This browser's role, as app.py found it on its last full run.
ROLE = "wa_role"
#: Set while no room was open: a tab on the laptop that was the facilitator before the room
#: opened stays it (the laptop's own tabs: nothing else could reach the app then).
HOST_GRANTED = "wa_host_granted"

LOG = logging.getLogger("werkatelier.room")


def codes() -> rooms.Rooms:
    """The room codes of this app's store: the same ones the gate and the live socket read."""
    return roomgate.app_rooms(state.data_root())


def cookies() -> dict[str, str]:
    try:
        return dict(st.context.cookies)
    except Exception:  # noqa: BLE001 - bare mode and AppTest have no request
        return {}


def find_role() -> rooms.Role | None:
    """This browser's role now: the facilitator, a participant of one session, or None (a code prompt)."""
    if not roomnet.is_open():
        st.session_state[HOST_GRANTED] = True
        role: rooms.Role | None = rooms.HOST
    else:
        role = codes().role(cookies())
        if role is None and st.session_state.get(HOST_GRANTED):
            role = rooms.HOST
    st.session_state[ROLE] = role
    return role


def role() -> rooms.Role | None:
    """The role app.py found on this run (a fragment rerun keeps the last full run's)."""
    return st.session_state.get(ROLE, rooms.HOST)


def participant() -> rooms.Role | None:
    found = role()
    return found if found is not None and not found.facilitator else None


def voter() -> str | None:
    """This browser's anonymous voter key (a hash of its voter cookie), None without one."""
    token = cookies().get(rooms.VOTER_COOKIE)
    return voter_key(token) if token else None


def still_in(found: rooms.Role) -> bool:
    """Whether a participant's code still opens its session (a new code shuts the old one out)."""
    return found.facilitator or codes().session_for(found.code) == found.session_id
