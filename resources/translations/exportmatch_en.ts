<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
  <context>
    <name>BulkAcceptDialog</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="113" />
      <source>%n undecided candidate(s) with the verdict “suggested” will be accepted and stamped with your name.</source>
      <translation>
        <numerusform>%n undecided candidate with the verdict “suggested” will be accepted and stamped with your name.</numerusform>
        <numerusform>%n undecided candidates with the verdict “suggested” will be accepted and stamped with your name.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ReviewPage</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="637" />
      <source>%n match(es) accepted (Ctrl+Z undoes them all).</source>
      <translation>
        <numerusform>%n match accepted (Ctrl+Z undoes it).</numerusform>
        <numerusform>%n matches accepted (Ctrl+Z undoes them all).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="587" />
      <source>%n term(s) added to the glossary.</source>
      <translation>
        <numerusform>%n term added to the glossary.</numerusform>
        <numerusform>%n terms added to the glossary.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="622" />
      <source>bulk accept of %n match(es)</source>
      <translation>
        <numerusform>bulk accept of %n match</numerusform>
        <numerusform>bulk accept of %n matches</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TablePage</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/table_page.py" line="173" />
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n record</numerusform>
        <numerusform>%n records</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/table_page.py" line="169" />
      <source>at least %n record(s), counting…</source>
      <translation>
        <numerusform>at least %n record, counting…</numerusform>
        <numerusform>at least %n records, counting…</numerusform>
      </translation>
    </message>
  </context>
</TS>
