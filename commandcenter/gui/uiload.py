"""Loading Qt Designer forms (ui/*.ui) into our own QMainWindow/QDialog subclasses.

QUiLoader normally creates the top-level widget itself; returning our instance for it from
createWidget lets a form populate a class that also has our methods, and makes every named child an
attribute (self.queueTabs, ...). Strings in the form are translated by QUiLoader at load time with the
form's class name as context, which is also what pyside6-lupdate extracts from the .ui files.

QUiLoader translates only at load: switching the language of a running window would leave every
form text (menus, dock titles, tab titles, placeholders ...) in the old language. So load_into also
records each translatable text of the form with its source string (read from the .ui file) and
retranslate_form sets them again through QCoreApplication.translate. It runs on the form's
LanguageChange event (an event filter installed by load_into, called before the form's own
changeEvent), so every form loaded here follows the language with no code of its own.

A text the code has replaced since (a label showing a case, a title with a count) is the code's to
retranslate: retranslate_form changes only texts that still show what the form last put there.
"""

from __future__ import annotations

import weakref
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QFile, QIODevice, QMetaObject, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QComboBox, QListWidget, QTableWidget, QTabWidget, QToolBox, QTreeWidget, QWidget

from commandcenter.gui.paths import ui_file


class _IntoInstance(QUiLoader):
    def __init__(self, base: QWidget) -> None:
        super().__init__(base)
        self.base = base

    def createWidget(self, class_name: str, parent: QWidget | None = None, name: str = "") -> QWidget:
        if parent is None:
            return self.base
        widget = super().createWidget(class_name, parent, name)
        if name:
            setattr(self.base, name, widget)
        return widget

    def createAction(self, parent: Any = None, name: str = "") -> Any:
        action = super().createAction(parent, name)
        if name:
            setattr(self.base, name, action)
        return action

    def createLayout(self, class_name: str, parent: Any = None, name: str = "") -> Any:
        layout = super().createLayout(class_name, parent, name)
        if name:
            setattr(self.base, name, layout)
        return layout


def load_into(base: QWidget, form: str) -> None:
    """Build ui/<form> into `base` (an instance of the form's top-level class or a subclass).

    The form's texts follow later language changes (see retranslate_form).
    """
    path = ui_file(form)
    f = QFile(str(path))
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot open the form {path}")
    try:
        loader = _IntoInstance(base)
        loaded = loader.load(f, None)
        if loaded is None:
            raise RuntimeError(f"cannot load the form {path}: {loader.errorString()}")
    finally:
        f.close()
    QMetaObject.connectSlotsByName(base)
    texts = FormTexts(base, Path(path))
    base._form_texts = texts  # type: ignore[attr-defined]
    base.installEventFilter(texts)


# ---------------------------------------------------------------------------------- retranslation

# The properties whose strings QUiLoader translates that a retranslation must not touch.
_NOT_TEXT = frozenset({"objectName"})


@dataclass
class FormText:
    """One translatable text of a loaded form: how to read and set it, its source, what it shows."""

    get: Callable[[], Any]
    put: Callable[[str], None]
    source: str
    disambiguation: str | None
    shown: str  # what the form (QUiLoader, then retranslate_form) last put there
    where: str  # for tests and logs: "caseTabs/trailTab:title"
    alive: Callable[[], bool]


class FormTexts(QObject):
    """The translatable texts of one form loaded into `base`, and its LanguageChange hook."""

    def __init__(self, base: QWidget, path: Path) -> None:
        super().__init__(base)
        self.setObjectName("formTexts")
        # Weakly: the base holds this object (a Python attribute), and a cycle through the form's
        # widgets would leave freeing the form to Python's cycle collector, on any thread.
        self._base = weakref.ref(base)
        root = ET.parse(path).getroot()
        self.context = (root.findtext("class") or "").strip()
        self.texts: list[FormText] = []
        top = root.find("widget")
        if top is not None:
            self._widget(top, None, is_top=True)

    # ------------------------------------------------------------------------------ reading the form

    def _object(self, name: str, is_top: bool) -> QObject | None:
        base = self._base()
        if base is None or is_top:
            return base
        obj = getattr(base, name, None)
        if isinstance(obj, QObject) and obj.objectName() == name:
            return obj
        return base.findChild(QObject, name)

    def _hold(self, obj: QObject) -> Callable[[], Any]:
        """The object for later, weakly if it is the base (see __init__)."""
        if obj is self._base():
            ref = weakref.ref(obj)
            return lambda: ref()
        return lambda: obj

    def _widget(self, el: ET.Element, parent: QObject | None, is_top: bool = False) -> None:
        name = el.get("name", "")
        obj = self._object(name, is_top)
        if obj is not None:
            self._properties(el, obj, name)
            if parent is not None and isinstance(obj, QWidget):
                self._page_attributes(el, parent, obj, name)
            self._columns_and_items(el, obj, name)
        for child in el:
            if child.tag == "widget":
                self._widget(child, obj)
            elif child.tag == "layout":
                self._layout(child, obj)
            elif child.tag == "action":
                action = self._object(child.get("name", ""), False)
                if action is not None:
                    self._properties(child, action, child.get("name", ""))
            elif child.tag == "actiongroup":
                for a in child.iter("action"):
                    action = self._object(a.get("name", ""), False)
                    if action is not None:
                        self._properties(a, action, a.get("name", ""))

    def _layout(self, el: ET.Element, owner: QObject | None) -> None:
        for item in el.findall("item"):
            for child in item:
                if child.tag == "widget":
                    self._widget(child, owner)
                elif child.tag == "layout":
                    self._layout(child, owner)

    @staticmethod
    def _string(holder: ET.Element) -> tuple[str, str | None] | None:
        """(source, disambiguation) of a translatable <string> inside a <property>, else None."""
        s = holder.find("string")
        if s is None or s.get("notr") == "true" or not (s.text or ""):
            return None
        return s.text or "", s.get("comment")

    def _add(
        self,
        get: Callable[[], Any],
        put: Callable[[str], None],
        found: tuple[str, str | None],
        where: str,
        alive: Callable[[], bool],
    ) -> None:
        shown = get()
        if isinstance(shown, str):  # a shortcut, say, reads back as a QKeySequence: leave it alone
            self.texts.append(FormText(get, put, found[0], found[1], shown, where, alive))

    def _properties(self, el: ET.Element, obj: QObject, name: str) -> None:
        held = self._hold(obj)
        alive = _alive(held)
        for prop in el.findall("property"):
            pname = prop.get("name", "")
            found = self._string(prop)
            if found is None or pname in _NOT_TEXT:
                continue
            self._add(
                lambda h=held, p=pname: h().property(p),
                lambda text, h=held, p=pname: h().setProperty(p, text),
                found,
                f"{name}:{pname}",
                alive,
            )

    def _page_attributes(self, el: ET.Element, parent: QObject, page: QWidget, name: str) -> None:
        """A tab's title and tooltip (QTabWidget), a tool box page's label (QToolBox)."""
        alive = _alive(self._hold(parent), self._hold(page))
        for attr in el.findall("attribute"):
            found = self._string(attr)
            if found is None:
                continue
            aname = attr.get("name", "")
            where = f"{parent.objectName()}/{name}:{aname}"
            if isinstance(parent, QTabWidget):
                accessors = {
                    "title": (parent.tabText, parent.setTabText),
                    "toolTip": (parent.tabToolTip, parent.setTabToolTip),
                    "whatsThis": (parent.tabWhatsThis, parent.setTabWhatsThis),
                }
            elif isinstance(parent, QToolBox):
                accessors = {
                    "label": (parent.itemText, parent.setItemText),
                    "toolTip": (parent.itemToolTip, parent.setItemToolTip),
                }
            else:
                continue
            if aname not in accessors:
                continue
            get, put = accessors[aname]
            self._add(
                lambda t=parent, p=page, g=get: g(t.indexOf(p)) if t.indexOf(p) >= 0 else None,  # type: ignore[attr-defined]
                lambda text, t=parent, p=page, s=put: s(t.indexOf(p), text),  # type: ignore[attr-defined]
                found,
                where,
                alive,
            )

    def _columns_and_items(self, el: ET.Element, obj: QObject, name: str) -> None:
        """Header texts of item views (<column>, <row>) and the texts of combo and list items."""
        alive = _alive(self._hold(obj))
        for tag in ("column", "row"):
            for i, col in enumerate(el.findall(tag)):
                for prop in col.findall("property"):
                    found = self._string(prop)
                    if found is None or prop.get("name") != "text":
                        continue
                    if isinstance(obj, QTreeWidget) and tag == "column":
                        get = lambda o=obj, c=i: o.headerItem().text(c)  # noqa: E731
                        put = lambda text, o=obj, c=i: o.headerItem().setText(c, text)  # noqa: E731
                    elif isinstance(obj, QTableWidget):
                        item = obj.horizontalHeaderItem if tag == "column" else obj.verticalHeaderItem
                        get = lambda h=item, c=i: h(c).text() if h(c) is not None else None  # noqa: E731
                        put = lambda text, h=item, c=i: h(c).setText(text)  # noqa: E731
                    else:
                        continue
                    self._add(get, put, found, f"{name}/{tag}{i}:text", alive)
        for i, item_el in enumerate(el.findall("item")):
            for prop in item_el.findall("property"):
                found = self._string(prop)
                if found is None or prop.get("name") != "text":
                    continue
                if isinstance(obj, QComboBox):
                    get, put = (
                        (lambda o=obj, r=i: o.itemText(r)),
                        (lambda text, o=obj, r=i: o.setItemText(r, text)),
                    )
                elif isinstance(obj, QListWidget):
                    get = lambda o=obj, r=i: o.item(r).text() if o.item(r) is not None else None  # noqa: E731
                    put = lambda text, o=obj, r=i: o.item(r).setText(text)  # noqa: E731
                else:
                    continue
                self._add(get, put, found, f"{name}/item{i}:text", alive)

    # ------------------------------------------------------------------------------ retranslating

    def retranslate(self) -> None:
        for t in self.texts:
            if not t.alive():
                continue
            if t.get() != t.shown:  # the code has put its own text there since
                continue
            text = QCoreApplication.translate(self.context, t.source, t.disambiguation)
            if text != t.shown:
                t.put(text)
                t.shown = text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange and watched is self._base():
            self.retranslate()  # before the form's own changeEvent, which may build on these texts
        return False


def _alive(*held: Callable[[], Any]) -> Callable[[], bool]:
    """Whether the held objects are still there (their C++ side too)."""

    def alive() -> bool:
        objs = [h() for h in held]
        return all(o is not None and shiboken6.isValid(o) for o in objs)

    return alive


def form_texts(base: QWidget) -> FormTexts | None:
    """The recorded texts of the form loaded into `base` (None if none was)."""
    texts = getattr(base, "_form_texts", None)
    return texts if isinstance(texts, FormTexts) else None


def retranslate_form(base: QWidget) -> None:
    """Set the form's texts again in the current language (see the module's doc)."""
    texts = form_texts(base)
    if texts is not None:
        texts.retranslate()
