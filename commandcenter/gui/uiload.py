"""Loading Qt Designer forms (ui/*.ui) into our own QMainWindow/QDialog subclasses.

QUiLoader normally creates the top-level widget itself; returning our instance for it from
createWidget lets a form populate a class that also has our methods, and makes every named child an
attribute (self.queueTabs, ...). Strings in the form are translated by QUiLoader at load time with the
form's class name as context, which is also what pyside6-lupdate extracts from the .ui files.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QFile, QIODevice, QMetaObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

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
    """Build ui/<form> into `base` (an instance of the form's top-level class or a subclass)."""
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
