<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
  <context>
    <name>AuditPage</name>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="155" />
      <source>All records</source>
      <translation>Все записи</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="254" />
      <source>CSV files (*.csv)</source>
      <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="254" />
      <source>Export the audit trail</source>
      <translation>Экспорт журнала аудита</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="274" />
      <source>Exporting the audit trail…</source>
      <translation>Экспорт журнала аудита…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="172" />
      <source>Export…</source>
      <translation>Экспорт…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="162" />
      <source>From</source>
      <translation>С</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="160" />
      <source>Only what this person did (the exact user name)</source>
      <translation>Только действия этого человека (точное имя пользователя)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="170" />
      <source>Search who, record, changes, note…</source>
      <translation>Поиск: кто, запись, изменения, примечание…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="246" />
      <source>The newest {count} events; narrow the filters to see older ones.</source>
      <translation>Показаны последние события ({count}); сузьте фильтры, чтобы увидеть более ранние.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="189" />
      <source>Who:</source>
      <translation>Кто:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="173" />
      <source>Write every event the filters select to CSV</source>
      <translation>Записать в CSV все события, отобранные фильтрами</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="159" />
      <source>anyone</source>
      <translation>любой</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="164" />
      <source>to</source>
      <translation>по</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="265" />
      <source>{count} audit events written to {path}</source>
      <translation>Записано событий аудита: {count}, файл {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="248" />
      <source>{count} events</source>
      <translation>Событий: {count}</translation>
    </message>
  </context>
  <context>
    <name>AuditTableModel</name>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="65" />
      <source>Action</source>
      <translation>Действие</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="72" />
      <source>Buyer</source>
      <translation>Покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="66" />
      <source>Changes</source>
      <translation>Изменения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="70" />
      <source>Company</source>
      <translation>Компания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="73" />
      <source>Demand line</source>
      <translation>Запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="78" />
      <source>Exchange rate</source>
      <translation>Курс валюты</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="64" />
      <source>Id</source>
      <translation>№</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="79" />
      <source>Import</source>
      <translation>Импорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="74" />
      <source>Match</source>
      <translation>Совпадение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="67" />
      <source>Note</source>
      <translation>Примечание</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="77" />
      <source>Pooled offer</source>
      <translation>Объединённое предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="71" />
      <source>Product</source>
      <translation>Товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="63" />
      <source>Record</source>
      <translation>Запись</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="61" />
      <source>When</source>
      <translation>Когда</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="62" />
      <source>Who</source>
      <translation>Кто</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="83" />
      <source>changed</source>
      <translation>изменение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="82" />
      <source>created</source>
      <translation>создание</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="85" />
      <source>decided</source>
      <translation>решение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="84" />
      <source>deleted</source>
      <translation>удаление</translation>
    </message>
  </context>
  <context>
    <name>BackupDialog</name>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="70" />
      <source>A copy of the SQLite file (restores into SQLite)</source>
      <translation>Копия файла SQLite (восстанавливается только в SQLite)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="73" />
      <source>A portable dump (restores into SQLite or PostgreSQL)</source>
      <translation>Переносимый дамп (восстанавливается в SQLite или PostgreSQL)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="87" />
      <source>Back up</source>
      <translation>Создать копию</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="66" />
      <source>Back up database</source>
      <translation>Резервная копия базы данных</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="81" />
      <source>Choose…</source>
      <translation>Выбрать…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="94" />
      <source>Database: {name}</source>
      <translation>База данных: {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="120" />
      <source>ExportMatch dumps (*.emdump)</source>
      <translation>Дампы ExportMatch (*.emdump)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="97" />
      <source>File:</source>
      <translation>Файл:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="118" />
      <source>SQLite databases (*.sqlite3)</source>
      <translation>Базы данных SQLite (*.sqlite3)</translation>
    </message>
  </context>
  <context>
    <name>BarChart</name>
    <message>
      <location filename="../../desktop_app/ui/bar_chart.py" line="52" />
      <source>No data yet</source>
      <translation>Пока нет данных</translation>
    </message>
  </context>
  <context>
    <name>BulkAcceptDialog</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="113" />
      <source>%n undecided candidate(s) with the verdict “suggested” will be accepted and stamped with your name.</source>
      <translation>
        <numerusform>%n нерешённый кандидат с вердиктом «предложено» будет принят и подписан вашим именем.</numerusform>
        <numerusform>%n нерешённых кандидата с вердиктом «предложено» будут приняты и подписаны вашим именем.</numerusform>
        <numerusform>%n нерешённых кандидатов с вердиктом «предложено» будут приняты и подписаны вашим именем.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="49" />
      <source>Accept candidates whose score, as the list shows it, is this much or more</source>
      <translation>Принять кандидатов, оценка которых в списке не ниже этой</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="39" />
      <source>Accept matches in bulk</source>
      <translation>Массовое принятие совпадений</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="70" />
      <source>Accept them</source>
      <translation>Принять</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="75" />
      <source>Minimum score</source>
      <translation>Минимальная оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="56" />
      <source>Offered product</source>
      <translation>Предлагаемый товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="56" />
      <source>Score</source>
      <translation>Оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="120" />
      <source>The {shown} best are listed.</source>
      <translation>Показаны {shown} лучших.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="56" />
      <source>Wanted product</source>
      <translation>Запрашиваемый товар</translation>
    </message>
  </context>
  <context>
    <name>CheckPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="45" />
      <source>&amp;All or nothing: import nothing if any row is rejected</source>
      <translation>&amp;Всё или ничего: не импортировать ничего, если отклонена хоть одна строка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="29" />
      <source>Check</source>
      <translation>Проверка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="71" />
      <source>Check cancelled.</source>
      <translation>Проверка отменена.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="62" />
      <source>Checking every row…</source>
      <translation>Проверка всех строк…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="70" />
      <source>Checking {file}…</source>
      <translation>Проверка {file}…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="42" />
      <source>Import the &amp;valid rows, report the rest</source>
      <translation>Импортировать &amp;корректные строки, об остальных сообщить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="30" />
      <source>Nothing is written yet: this is what the import would do.</source>
      <translation>Пока ничего не записано: вот что сделает импорт.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="80" />
      <source>{rows} rows read: {ok} OK, {rejected} rejected, {doubtful} doubtful (usable, with warnings). {problems} problems listed below.</source>
      <translation>Прочитано строк: {rows}; без замечаний: {ok}, отклонено: {rejected}, сомнительных: {doubtful} (пригодны, с предупреждениями). Проблем ниже: {problems}.</translation>
    </message>
  </context>
  <context>
    <name>CloseRequestDialog</name>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="24" />
      <source>Close request</source>
      <translation>Закрыть запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="40" />
      <source>Outcome</source>
      <translation>Итог</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="41" />
      <source>Reason</source>
      <translation>Причина</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="39" />
      <source>Request</source>
      <translation>Запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="29" />
      <source>why, for the buyer's file</source>
      <translation>почему — для досье покупателя</translation>
    </message>
  </context>
  <context>
    <name>CompaniesPage</name>
    <message>
      <location filename="../../desktop_app/ui/companies_page.py" line="55" />
      <source>Company archived.</source>
      <translation>Компания перенесена в архив.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/companies_page.py" line="55" />
      <source>Company restored.</source>
      <translation>Компания восстановлена.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/companies_page.py" line="43" />
      <source>Company “{name}” saved.</source>
      <translation>Компания «{name}» сохранена.</translation>
    </message>
  </context>
  <context>
    <name>CompanyFormDialog</name>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="39" />
      <source>13 digits, or 15 for an individual entrepreneur</source>
      <translation>13 цифр, или 15 для индивидуального предпринимателя</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="41" />
      <source>China customs registration number of a food exporter</source>
      <translation>Регистрационный номер экспортёра пищевой продукции в таможне КНР (GACC)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="31" />
      <source>Edit company</source>
      <translation>Изменить компанию</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="31" />
      <source>New company</source>
      <translation>Новая компания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="38" />
      <source>Taxpayer number: 10 digits, or 12 for a person</source>
      <translation>Идентификационный номер налогоплательщика: 10 цифр, или 12 для физического лица</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="37" />
      <source>The registered name, e.g. ООО «Ёлка»</source>
      <translation>Зарегистрированное наименование, например ООО «Ёлка»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="40" />
      <source>With the country code, e.g. +7 495 123-45-67</source>
      <translation>С кодом страны, например +7 495 123-45-67</translation>
    </message>
  </context>
  <context>
    <name>DashboardPage</name>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="67" />
      <source>Accepted matches</source>
      <translation>Принятые совпадения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="64" />
      <source>Active products</source>
      <translation>Активные товары</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="63" />
      <source>Companies</source>
      <translation>Компании</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="90" />
      <source>Matches by HS chapter</source>
      <translation>Совпадения по группам ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="65" />
      <source>Open demand lines</source>
      <translation>Открытые запросы покупателей</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="83" />
      <source>Run matching now (Ctrl+M)</source>
      <translation>Запустить сопоставление сейчас (Ctrl+M)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="91" />
      <source>Score distribution</source>
      <translation>Распределение оценок</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="66" />
      <source>Suggested matches</source>
      <translation>Предложенные совпадения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="76" />
      <source>There are products and demand but no matches yet. Run the matcher to score the demand against the products; Review then lists the candidates.</source>
      <translation>Товары и запросы покупателей есть, но совпадений пока нет. Запустите сопоставление, чтобы оценить запросы по товарам; затем кандидаты появятся в разделе «Проверка совпадений».</translation>
    </message>
  </context>
  <context>
    <name>DatabaseBackups</name>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="171" />
      <source>&amp;Back up database…</source>
      <translation>Создать &amp;резервную копию…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="173" />
      <source>&amp;Restore from backup…</source>
      <translation>&amp;Восстановить из резервной копии…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="133" />
      <source>A copy of an ExportMatch SQLite database, schema {revision}, {size} KB, saved {at}.</source>
      <translation>Копия базы данных SQLite ExportMatch, схема {revision}, {size} КБ, сохранена {at}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="143" />
      <source>A portable dump written by ExportMatch {version} from {backend} at {at}, schema {revision}: {rows} rows ({counts}).</source>
      <translation>Переносимый дамп ExportMatch {version} из {backend} от {at}, схема {revision}: {rows} строк ({counts}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="203" />
      <source>Backing up the database…</source>
      <translation>Резервное копирование базы данных…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="205" />
      <source>Backup cancelled.</source>
      <translation>Резервное копирование отменено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="196" />
      <source>Backup written: {path}</source>
      <translation>Резервная копия записана: {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="186" />
      <source>Copying the database…</source>
      <translation>Копирование базы данных…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="217" />
      <source>ExportMatch backups (*.emdump *.sqlite3);;All files (*)</source>
      <translation>Резервные копии ExportMatch (*.emdump *.sqlite3);;Все файлы (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="265" />
      <source>Restore cancelled.</source>
      <translation>Восстановление отменено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="215" />
      <source>Restore from backup</source>
      <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="252" />
      <source>Restored {file}.</source>
      <translation>Восстановлено из {file}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="264" />
      <source>Restoring the database…</source>
      <translation>Восстановление базы данных…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="254" />
      <source>The previous data was saved to {path}.</source>
      <translation>Прежние данные сохранены в {path}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="230" />
      <source>{file}
{description}

Everything now in {database} will be replaced by the backup's data; changes made since the backup are lost. A safety copy of the current database is taken first.

Restore it?</source>
      <translation>{file}
{description}

Всё, что сейчас есть в {database}, будет заменено данными резервной копии; изменения, сделанные после её создания, будут потеряны. Сначала будет сделана страховочная копия текущей базы данных.

Восстановить?</translation>
    </message>
  </context>
  <context>
    <name>DealFitCombo</name>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_combo.py" line="17" />
      <source>Any deal fit</source>
      <translation>Любая применимость сделки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_combo.py" line="19" />
      <source>Deal: {fit}</source>
      <translation>Сделка: {fit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_combo.py" line="16" />
      <source>Show only candidates whose deal fits, conflicts or is unknown</source>
      <translation>Показывать только кандидатов, сделка с которыми применима, конфликтна или неизвестна</translation>
    </message>
  </context>
  <context>
    <name>DealFitTable</name>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Buyer</source>
      <translation>Покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="58" />
      <source>Can the deal happen? A second judgement: it never changes the score.</source>
      <translation>Состоится ли сделка? Отдельная оценка: она никогда не меняет балл совпадения.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Deal fit</source>
      <translation>Применимость сделки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Offer</source>
      <translation>Предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Outcome</source>
      <translation>Итог</translation>
    </message>
  </context>
  <context>
    <name>DemandPage</name>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="116" />
      <source>All buyers</source>
      <translation>Все покупатели</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="117" />
      <source>All provinces</source>
      <translation>Все провинции</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="183" />
      <source>Buyer</source>
      <translation>Покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="215" />
      <source>Candidates</source>
      <translation>Кандидаты</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="185" />
      <source>Contact</source>
      <translation>Контакт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="190" />
      <source>Deadline</source>
      <translation>Срок</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="67" />
      <source>Deadline by</source>
      <translation>Срок до</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="74" />
      <source>Filter:</source>
      <translation>Фильтр:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="60" />
      <source>HS chapter</source>
      <translation>Гр. ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="186" />
      <source>HS code</source>
      <translation>Код ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="189" />
      <source>Incoterms</source>
      <translation>Инкотермс</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="207" />
      <source>No matches yet</source>
      <translation>Совпадений пока нет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="193" />
      <source>Notes</source>
      <translation>Примечания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="58" />
      <source>Only buyers in this province</source>
      <translation>Только покупатели из этой провинции</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="56" />
      <source>Only this buyer's lines</source>
      <translation>Только запросы этого покупателя</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="184" />
      <source>Province</source>
      <translation>Провинция</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="187" />
      <source>Quantity</source>
      <translation>Количество</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="192" />
      <source>Source</source>
      <translation>Источник</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="191" />
      <source>Status</source>
      <translation>Статус</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="188" />
      <source>Target price</source>
      <translation>Целевая цена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="65" />
      <source>With matches</source>
      <translation>С совпадениями</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="64" />
      <source>With or without matches</source>
      <translation>С совпадениями и без</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="66" />
      <source>Without matches</source>
      <translation>Без совпадений</translation>
    </message>
  </context>
  <context>
    <name>ExchangeRatesDialog</name>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="77" />
      <source>&amp;Add</source>
      <translation>&amp;Добавить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="85" />
      <source>&amp;Delete</source>
      <translation>&amp;Удалить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="82" />
      <source>&amp;Import CSV…</source>
      <translation>&amp;Импорт CSV…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>1 unit of</source>
      <translation>1 единица</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="158" />
      <source>CSV files (*.csv);;All files (*)</source>
      <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="83" />
      <source>Columns: base, quote, rate, date (YYYY-MM-DD), source</source>
      <translation>Столбцы: base, quote, rate, date (ГГГГ-ММ-ДД), source</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>Date</source>
      <translation>Дата</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="50" />
      <source>Exchange rates</source>
      <translation>Курсы валют</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="158" />
      <source>Import exchange rates</source>
      <translation>Импорт курсов валют</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="129" />
      <source>Older than {days} days: flagged where it is used</source>
      <translation>Старше {days} дн.: помечается там, где используется</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>Source</source>
      <translation>Источник</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>in</source>
      <translation>в</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>is</source>
      <translation>равна</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="71" />
      <source>rate, e.g. 7.12</source>
      <translation>курс, напр. 7.12</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="76" />
      <source>source, e.g. Bank of China</source>
      <translation>источник, напр. Bank of China</translation>
    </message>
  </context>
  <context>
    <name>ExportPage</name>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="98" />
      <source>&amp;Browse…</source>
      <translation>&amp;Обзор…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="111" />
      <source>&amp;Check translations</source>
      <translation>&amp;Проверить переводы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="101" />
      <source>&amp;Export</source>
      <translation>&amp;Экспорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="139" />
      <source>&amp;Format:</source>
      <translation>&amp;Формат:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="105" />
      <source>&amp;Open folder</source>
      <translation>&amp;Открыть папку</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="136" />
      <source>&amp;Regions:</source>
      <translation>&amp;Регионы:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="138" />
      <source>&amp;Split:</source>
      <translation>&amp;Разбивка:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="134" />
      <source>&amp;Template:</source>
      <translation>&amp;Шаблон:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="133" />
      <source>&amp;What:</source>
      <translation>&amp;Что:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="71" />
      <source>Accepted matches (buyer, wanted, supplier)</source>
      <translation>Принятые совпадения (покупатель, запрос, поставщик)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="137" />
      <source>B&amp;uyers:</source>
      <translation>&amp;Покупатели:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="95" />
      <source>CSV, UTF-8 (.csv)</source>
      <translation>CSV, UTF-8 (.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="99" />
      <source>Choose where to write the export</source>
      <translation>Выбрать, куда записать экспорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="298" />
      <source>Everything in this export is in the buyer's languages.</source>
      <translation>Всё в этом экспорте — на языках покупателя.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="94" />
      <source>Excel workbook (.xlsx)</source>
      <translation>Книга Excel (.xlsx)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="251" />
      <source>Export cancelled; no file was written.</source>
      <translation>Экспорт отменён; файл не записан.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="247" />
      <source>Export failed: {reason}</source>
      <translation>Экспорт не удался: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="194" />
      <source>Export to</source>
      <translation>Экспортировать в</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="320" />
      <source>Exported {rows} rows to {path}</source>
      <translation>Экспортировано строк: {rows}, файл {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="262" />
      <source>Exporting matches…</source>
      <translation>Экспорт совпадений…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="260" />
      <source>Exporting the supplier catalogue…</source>
      <translation>Экспорт каталога поставщиков…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="97" />
      <source>File to write</source>
      <translation>Файл для записи</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="135" />
      <source>HS &amp;chapters:</source>
      <translation>&amp;Группы ТН ВЭД:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="114" />
      <source>List what would reach the buyer untranslated, per column</source>
      <translation>Показать, что попадёт к покупателю без перевода, по столбцам</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="90" />
      <source>One sheet per buyer</source>
      <translation>Отдельный лист на каждого покупателя</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="89" />
      <source>One table</source>
      <translation>Одна таблица</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="91" />
      <source>One workbook per buyer (.zip)</source>
      <translation>Отдельная книга на каждого покупателя (.zip)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="87" />
      <source>Only matches for these buyers (matches only)</source>
      <translation>Только совпадения для этих покупателей (только для совпадений)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="84" />
      <source>Only suppliers of regions whose name contains this</source>
      <translation>Только поставщики из регионов, название которых содержит это</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="81" />
      <source>Only these HS chapters (two digits), comma-separated</source>
      <translation>Только эти группы ТН ВЭД (две цифры), через запятую</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="106" />
      <source>Show the written file in the file manager</source>
      <translation>Показать записанный файл в файловом менеджере</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="92" />
      <source>Split accepted matches by buyer (matches only)</source>
      <translation>Разбить принятые совпадения по покупателям (только для совпадений)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="309" />
      <source>Suggest the missing product names…</source>
      <translation>Предложить недостающие названия товаров…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="68" />
      <source>Supplier catalogue (active products)</source>
      <translation>Каталог поставщиков (активные товары)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="141" />
      <source>T&amp;arget:</source>
      <translation>&amp;Куда:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="73" />
      <source>What the workbook lists</source>
      <translation>Что содержит книга</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="78" />
      <source>Which columns and header languages the file has</source>
      <translation>Какие столбцы и языки заголовков будут в файле</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="307" />
      <source>Would reach the buyer untranslated:</source>
      <translation>Попадёт к покупателю без перевода:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="102" />
      <source>Write the export (Ctrl+E)</source>
      <translation>Записать экспорт (Ctrl+E)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="86" />
      <source>all; or buyer id or part of the name</source>
      <translation>все; или номер покупателя, или часть названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="80" />
      <source>all; or e.g. 03, 15</source>
      <translation>все; или, например, 03, 15</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="83" />
      <source>all; or part of a region name</source>
      <translation>все; или часть названия региона</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="282" />
      <source>“{name}” is for the team (Russian headers): nothing to check.</source>
      <translation>«{name}» — для команды (русские заголовки): проверять нечего.</translation>
    </message>
  </context>
  <context>
    <name>FilePage</name>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="41" />
      <source>&amp;Browse…</source>
      <translation>&amp;Обзор…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="33" />
      <source>An Excel workbook (.xlsx, .xls, .ods) or a text file (.csv). You can also drop the file here.</source>
      <translation>Книга Excel (.xlsx, .xls, .ods) или текстовый файл (.csv). Файл можно также перетащить сюда.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="44" />
      <source>Buyers' &amp;demand (Chinese requests)</source>
      <translation>&amp;Запросы покупателей (китайские заявки)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="31" />
      <source>Choose a file</source>
      <translation>Выберите файл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="42" />
      <source>Choose the file in a file dialog</source>
      <translation>Выбрать файл в диалоге</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="45" />
      <source>Exporters' &amp;products</source>
      <translation>&amp;Товары экспортёров</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="71" />
      <source>Import file</source>
      <translation>Импорт файла</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="39" />
      <source>Path of the file to import</source>
      <translation>Путь к импортируемому файлу</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="73" />
      <source>Spreadsheets ({patterns})</source>
      <translation>Электронные таблицы ({patterns})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="53" />
      <source>The file holds:</source>
      <translation>Файл содержит:</translation>
    </message>
  </context>
  <context>
    <name>ImportWizard</name>
    <message>
      <location filename="../../desktop_app/ui/import_wizard.py" line="43" />
      <source>Import</source>
      <translation>Импорт</translation>
    </message>
  </context>
  <context>
    <name>LayoutPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="47" />
      <source>&amp;Header row:</source>
      <translation>Строка &amp;заголовка:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="46" />
      <source>&amp;Sheet:</source>
      <translation>&amp;Лист:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="32" />
      <source>Check the detected table; change the sheet or header row if needed.</source>
      <translation>Проверьте найденную таблицу; при необходимости измените лист или строку заголовка.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="99" />
      <source>Detected: sheet {sheet}, header in row {row}, {count} columns recognised.</source>
      <translation>Найдено: лист {sheet}, заголовок в строке {row}, распознано столбцов: {count}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="105" />
      <source>No header row recognised: choose it, then map the columns by hand.</source>
      <translation>Строка заголовка не распознана: выберите её и сопоставьте столбцы вручную.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="83" />
      <source>Reading cancelled.</source>
      <translation>Чтение отменено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="63" />
      <source>Reading {file}…</source>
      <translation>Чтение {file}…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="30" />
      <source>Sheet and header row</source>
      <translation>Лист и строка заголовка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="38" />
      <source>The row whose cells name the columns</source>
      <translation>Строка, ячейки которой называют столбцы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="35" />
      <source>The sheet that holds the table</source>
      <translation>Лист, на котором находится таблица</translation>
    </message>
  </context>
  <context>
    <name>LinkProductDialog</name>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="61" />
      <source>&amp;Link</source>
      <translation>&amp;Связать</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="37" />
      <source>&amp;Search</source>
      <translation>&amp;Найти</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="72" />
      <source>For: {text}</source>
      <translation>Для: {text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="46" />
      <source>HS</source>
      <translation>HS</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="31" />
      <source>Link a product by hand</source>
      <translation>Связать товар вручную</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="47" />
      <source>Price</source>
      <translation>Цена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="44" />
      <source>Product</source>
      <translation>Товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="43" />
      <source>Ref</source>
      <translation>Артикул</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="45" />
      <source>Supplier</source>
      <translation>Поставщик</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="35" />
      <source>name, reference, HS code or supplier</source>
      <translation>название, артикул, код HS или поставщик</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="56" />
      <source>note (why this product fits)</source>
      <translation>примечание (почему этот товар подходит)</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="309" />
      <source>&amp;About ExportMatch</source>
      <translation>&amp;О программе ExportMatch</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="258" />
      <source>&amp;Export…</source>
      <translation>&amp;Экспорт…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="251" />
      <source>&amp;File</source>
      <translation>&amp;Файл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="308" />
      <source>&amp;Help</source>
      <translation>&amp;Справка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="254" />
      <source>&amp;Import…</source>
      <translation>&amp;Импорт…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="305" />
      <source>&amp;Matching</source>
      <translation>&amp;Сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="290" />
      <source>&amp;Quit</source>
      <translation>В&amp;ыход</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="302" />
      <source>&amp;Refresh</source>
      <translation>&amp;Обновить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="282" />
      <source>&amp;Settings…</source>
      <translation>&amp;Настройки…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="292" />
      <source>&amp;View</source>
      <translation>&amp;Вид</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="123" />
      <source>Audit</source>
      <translation>Журнал аудита</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="117" />
      <source>Companies</source>
      <translation>Компании</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="116" />
      <source>Dashboard</source>
      <translation>Сводка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="362" />
      <source>Database: {name}</source>
      <translation>База данных: {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="119" />
      <source>Demand</source>
      <translation>Запросы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="496" />
      <source>Demo data</source>
      <translation>Демонстрационные данные</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="506" />
      <source>Demo data loaded.</source>
      <translation>Демонстрационные данные загружены.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="122" />
      <source>Export</source>
      <translation>Экспорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="262" />
      <source>Load &amp;demo data</source>
      <translation>Загрузить &amp;демонстрационные данные</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="497" />
      <source>Load the demo data? It adds fictitious exporters, products and Chinese buyers' demand so you can try ExportMatch.</source>
      <translation>Загрузить демонстрационные данные? Будут добавлены вымышленные экспортёры, товары и запросы китайских покупателей, чтобы вы могли опробовать ExportMatch.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="519" />
      <source>Loading demo data…</source>
      <translation>Загрузка демонстрационных данных…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="120" />
      <source>Matches</source>
      <translation>Совпадения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="149" />
      <source>Opening the database…</source>
      <translation>Открываем базу данных…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="118" />
      <source>Products</source>
      <translation>Товары</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="354" />
      <source>Reading the data…</source>
      <translation>Читаем данные…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="121" />
      <source>Review</source>
      <translation>Проверка совпадений</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="526" />
      <source>Run matching?</source>
      <translation>Запустить сопоставление?</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="436" />
      <source>Settings saved.</source>
      <translation>Настройки сохранены.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="527" />
      <source>The demo data is loaded. Run the matcher now? It scores the buyers' demand against the products (a few seconds), so Review, Matches and the dashboard have something to show. You can run it later with Matching &gt; Run matching (Ctrl+M).</source>
      <translation>Демонстрационные данные загружены. Запустить сопоставление сейчас? Оно оценит запросы покупателей по товарам (несколько секунд), и в разделах «Проверка совпадений», «Совпадения» и «Сводка» появятся данные. Запустить его позже можно через Сопоставление &gt; Запустить сопоставление (Ctrl+M).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="175" />
      <source>{title} (Ctrl+{number})</source>
      <translation>{title} (Ctrl+{number})</translation>
    </message>
  </context>
  <context>
    <name>MappingModel</name>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="125" />
      <source>(not imported)</source>
      <translation>(не импортируется)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>Column</source>
      <translation>Столбец</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/fields.py" line="129" />
      <source>FIELD_TITLE_LANGUAGE</source>
      <translation>ru</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>Field</source>
      <translation>Поле</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="157" />
      <source>Field “{title}” (key {name})</source>
      <translation>Поле «{title}» (ключ {name})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>First value</source>
      <translation>Первое значение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>Header</source>
      <translation>Заголовок</translation>
    </message>
  </context>
  <context>
    <name>MappingPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="40" />
      <source>&amp;Apply profile</source>
      <translation>&amp;Применить профиль</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="39" />
      <source>Apply a mapping saved earlier</source>
      <translation>Применить ранее сохранённое сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="29" />
      <source>Column mapping</source>
      <translation>Сопоставление столбцов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="30" />
      <source>Each column of the file and the field it fills.</source>
      <translation>Каждый столбец файла и поле, которое он заполняет.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="43" />
      <source>Keep this mapping for files in the same layout</source>
      <translation>Сохранить это сопоставление для файлов такой же структуры</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="91" />
      <source>Map at least two columns to fields.</source>
      <translation>Сопоставьте с полями хотя бы два столбца.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="135" />
      <source>Mapping saved as profile {name}.</source>
      <translation>Сопоставление сохранено как профиль {name}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="122" />
      <source>Name:</source>
      <translation>Имя:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="112" />
      <source>Profile {name} applied.</source>
      <translation>Профиль {name} применён.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="48" />
      <source>Profile:</source>
      <translation>Профиль:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="42" />
      <source>Save as &amp;profile…</source>
      <translation>Сохранить как &amp;профиль…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="122" />
      <source>Save profile</source>
      <translation>Сохранить профиль</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="86" />
      <source>Several columns fill {fields}; only one is imported.</source>
      <translation>Несколько столбцов заполняют {fields}; импортирован будет только один.</translation>
    </message>
  </context>
  <context>
    <name>MatchCard</name>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="132" />
      <source> by {name}</source>
      <translation> (проверил {name})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="161" />
      <source>Buyer</source>
      <translation>Покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="79" />
      <source>Buyer wants</source>
      <translation>Покупатель ищет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="172" />
      <source>Deadline</source>
      <translation>Срок</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="81" />
      <source>Exporter offers</source>
      <translation>Экспортёр предлагает</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="163" />
      <source>HS code</source>
      <translation>Код ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="190" />
      <source>Price</source>
      <translation>Цена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="162" />
      <source>Province</source>
      <translation>Провинция</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="165" />
      <source>Quantity</source>
      <translation>Количество</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="188" />
      <source>Region</source>
      <translation>Регион</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="187" />
      <source>Supplier</source>
      <translation>Поставщик</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="134" />
      <source>Verdict: {verdict} · Status: {status}{reviewer}</source>
      <translation>Вердикт: {verdict} · Статус: {status}{reviewer}</translation>
    </message>
  </context>
  <context>
    <name>MatchesPage</name>
    <message>
      <location filename="../../desktop_app/ui/matches_page.py" line="35" />
      <source>Open in &amp;Review</source>
      <translation>Открыть в «&amp;Проверке совпадений»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matches_page.py" line="36" />
      <source>Show the selected match on the review workbench</source>
      <translation>Показать выбранное совпадение на рабочем месте проверки</translation>
    </message>
  </context>
  <context>
    <name>MatchesTableModel</name>
    <message>
      <location filename="../../desktop_app/ui/matches_table_model.py" line="56" />
      <source>Deal fit</source>
      <translation>Применимость сделки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matches_table_model.py" line="151" />
      <source>Judging the deal fit of the listed matches…</source>
      <translation>Оценка применимости сделки для совпадений в списке…</translation>
    </message>
  </context>
  <context>
    <name>MatchingRunner</name>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="55" />
      <source>&amp;Run matching</source>
      <translation>&amp;Запустить сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="62" />
      <source>Match &amp;changed only</source>
      <translation>Сопоставить только &amp;изменённое</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="121" />
      <source>Matching cancelled; the candidates were not changed.</source>
      <translation>Сопоставление отменено; кандидаты не изменены.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="86" />
      <source>Matching changed records…</source>
      <translation>Сопоставление изменённых записей…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="101" />
      <source>Matching done: {lines} of {total} open demand lines scored against {products} products, {candidates} candidates stored, {kept} decisions kept ({seconds:.1f} s).</source>
      <translation>Сопоставление завершено: оценено {lines} из {total} открытых запросов покупателей по {products} товарам, сохранено кандидатов: {candidates}, сохранено решений: {kept} ({seconds:.1f} с).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="117" />
      <source>Matching failed; the candidates were not changed.</source>
      <translation>Сопоставление не удалось; кандидаты не изменены.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="86" />
      <source>Matching…</source>
      <translation>Сопоставление…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="65" />
      <source>Re-score only demand lines and products added or edited since the last run</source>
      <translation>Пересчитать только запросы и товары, добавленные или изменённые после прошлого запуска</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="58" />
      <source>Score every open demand line against the active products (Ctrl+M)</source>
      <translation>Оценить каждый открытый запрос по всем активным товарам (Ctrl+M)</translation>
    </message>
  </context>
  <context>
    <name>NameSuggestionsDialog</name>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="81" />
      <source>&amp;Store suggestions</source>
      <translation>&amp;Сохранить предложения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="54" />
      <source>Chinese name from</source>
      <translation>Источник китайского названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="95" />
      <source>HS nomenclature (Chinese tariff)</source>
      <translation>номенклатура ТН ВЭД / ГС (таможенный тариф КНР)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="51" />
      <source>Product (Russian)</source>
      <translation>Товар (русское название)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="52" />
      <source>Suggested Chinese</source>
      <translation>Предлагаемое китайское</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="53" />
      <source>Suggested English</source>
      <translation>Предлагаемое английское</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="35" />
      <source>Suggested names</source>
      <translation>Предлагаемые названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="93" />
      <source>glossary</source>
      <translation>глоссарий</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="97" />
      <source>trade name of the same good</source>
      <translation>торговое название того же товара</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="38" />
      <source>{count} products have no Chinese or no English name. These names were built from their Russian names and HS codes. Untick a row to leave it out; double-click a name to edit it. Stored suggestions are marked as such in exports until the exporter accepts them in the product form.</source>
      <translation>У {count} товаров нет китайского или английского названия. Эти названия составлены по их русским названиям и кодам HS. Снимите флажок со строки, чтобы исключить её; дважды щёлкните название, чтобы изменить его. Сохранённые предложения помечаются как таковые в экспорте, пока экспортёр не примет их в карточке товара.</translation>
    </message>
  </context>
  <context>
    <name>PoolDialog</name>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="154" />
      <source> {company} alone could deliver it.</source>
      <translation> {company} может поставить всё в одиночку.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="100" />
      <source>&amp;Accept pooled offer</source>
      <translation>&amp;Принять совместное предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="102" />
      <source>&amp;Withdraw pooled offer</source>
      <translation>&amp;Отозвать совместное предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="159" />
      <source>&lt;b&gt;{text}&lt;/b&gt;&lt;br&gt;{buyer} wants {quantity} {unit} by {deadline}.{alone}</source>
      <translation>&lt;b&gt;{text}&lt;/b&gt;&lt;br&gt;{buyer} хочет {quantity} {unit} к {deadline}.{alone}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="73" />
      <source>Best match first</source>
      <translation>Сначала лучшие совпадения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="83" />
      <source>Can make by deadline</source>
      <translation>Может произвести к сроку</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="72" />
      <source>Cheapest first</source>
      <translation>Сначала самые дешёвые</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="104" />
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="232" />
      <source>Covered {covered} of {quantity} {unit}; shortfall {shortfall} {unit}. Price range {range} per {unit}; total {total}.</source>
      <translation>Покрыто {covered} из {quantity} {unit}; нехватка {shortfall} {unit}. Диапазон цен {range} за {unit}; итого {total}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="254" />
      <source>In force: pooled offer {id} of {count} supplier(s), by {who} on {when}.</source>
      <translation>Действует: совместное предложение {id} от поставщиков ({count}), создал(а) {who} {when}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="86" />
      <source>Incoterms / why no share</source>
      <translation>Incoterms / почему нет доли</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="82" />
      <source>MOQ</source>
      <translation>MOQ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="251" />
      <source>No pooled offer is in force for this request.</source>
      <translation>Для этого запроса нет действующего совместного предложения.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="60" />
      <source>Pooled offer</source>
      <translation>Совместное предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="84" />
      <source>Price</source>
      <translation>Цена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="80" />
      <source>Product</source>
      <translation>Товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="81" />
      <source>Score</source>
      <translation>Оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="85" />
      <source>Share</source>
      <translation>Доля</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="79" />
      <source>Supplier</source>
      <translation>Поставщик</translation>
    </message>
  </context>
  <context>
    <name>ProblemsModel</name>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="283" />
      <source>Column</source>
      <translation>Столбец</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="284" />
      <source>Field</source>
      <translation>Поле</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="287" />
      <source>Reason</source>
      <translation>Причина</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="282" />
      <source>Row</source>
      <translation>Строка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="286" />
      <source>Severity</source>
      <translation>Серьёзность</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="285" />
      <source>Value</source>
      <translation>Значение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="260" />
      <source>error</source>
      <translation>ошибка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="260" />
      <source>warning</source>
      <translation>предупреждение</translation>
    </message>
  </context>
  <context>
    <name>ProductFormDialog</name>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="160" />
      <source>&amp;Suggest names</source>
      <translation>&amp;Предложить названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="166" />
      <source>&amp;Use suggestion</source>
      <translation>&amp;Использовать предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="113" />
      <source>30, 12 months, 2 years</source>
      <translation>30, 12 месяцев, 2 года</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="80" />
      <source>A name in one language is enough; give the others if you have them</source>
      <translation>Достаточно названия на одном языке; остальные укажите, если они есть</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="163" />
      <source>Build Chinese and English names from the Russian name and the HS code</source>
      <translation>Составить китайское и английское названия по русскому названию и коду HS</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="108" />
      <source>CNY, USD, RUB, EUR, …</source>
      <translation>CNY, USD, RUB, EUR, …</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="169" />
      <source>Copy the suggestion into the empty name fields; edit it there if needed</source>
      <translation>Скопировать предложение в пустые поля названий; при необходимости отредактируйте его там</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="92" />
      <source>Digits of the HS / TN VED code, or words to search: «sunflower oil»</source>
      <translation>Цифры кода ТН ВЭД / ГС или слова для поиска: «подсолнечное масло»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="64" />
      <source>Edit product</source>
      <translation>Изменить товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="85" />
      <source>Fields marked * are required, and a name in at least one language.</source>
      <translation>Поля, отмеченные *, обязательны; также нужно название хотя бы на одном языке.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="105" />
      <source>In the currency below, per unit above</source>
      <translation>В валюте, указанной ниже, за единицу, указанную выше</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="101" />
      <source>In the unit above</source>
      <translation>В единицах, указанных выше</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="64" />
      <source>New product</source>
      <translation>Новый товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="228" />
      <source>No suggestion: the glossary recognises no product in the name and the HS code names none</source>
      <translation>Нет предложения: глоссарий не узнаёт товар в названии, и код ТН ВЭД не называет его</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="110" />
      <source>Rule and place: FOB Vladivostok</source>
      <translation>Условие и место: FOB Владивосток</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="312" />
      <source>Searching: choose a code from the list</source>
      <translation>Поиск: выберите код из списка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="315" />
      <source>Searching: no heading has these words; try others or type the digits</source>
      <translation>Поиск: ни одна товарная позиция не содержит этих слов; попробуйте другие или введите цифры</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="314" />
      <source>Searching: reading the nomenclature…</source>
      <translation>Поиск: чтение номенклатуры…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="181" />
      <source>Suggested names</source>
      <translation>Предлагаемые названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="88" />
      <source>Your article or SKU</source>
      <translation>Ваш артикул или SKU</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="100" />
      <source>kg, t, pcs, m3, …</source>
      <translation>кг, т, шт., м3, …</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="203" />
      <source>none yet: Suggest names builds them from the Russian name</source>
      <translation>пока нет: «Предложить названия» составит их по русскому названию</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="193" />
      <source>{names} (Chinese name from the HS nomenclature)</source>
      <translation>{names} (китайское название из номенклатуры ГС)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="195" />
      <source>{names} (Chinese name from the glossary)</source>
      <translation>{names} (китайское название из глоссария)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="197" />
      <source>{names} (Chinese name of the same good's trade name)</source>
      <translation>{names} (китайское название того же товара по торговому названию)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="247" />
      <source>— choose —</source>
      <translation>— выберите —</translation>
    </message>
  </context>
  <context>
    <name>ProductsPage</name>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="39" />
      <source>&amp;Duplicate</source>
      <translation>&amp;Дублировать</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="66" />
      <source>Every product has Chinese and English names or no suggestion.</source>
      <translation>У каждого товара есть китайское и английское названия или нет предложения.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="126" />
      <source>Product archived.</source>
      <translation>Товар перенесён в архив.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="111" />
      <source>Product duplicated as a draft.</source>
      <translation>Товар скопирован как черновик.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="126" />
      <source>Product restored.</source>
      <translation>Товар восстановлен.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="101" />
      <source>Product “{name}” saved.</source>
      <translation>Товар «{name}» сохранён.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="42" />
      <source>Suggest &amp;missing names…</source>
      <translation>Предложить &amp;недостающие названия…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="76" />
      <source>{count} suggested names stored.</source>
      <translation>Сохранено предлагаемых названий: {count}.</translation>
    </message>
  </context>
  <context>
    <name>RecordActionsPage</name>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="31" />
      <source>&amp;Archive</source>
      <translation>В &amp;архив</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="29" />
      <source>&amp;Edit</source>
      <translation>&amp;Изменить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="28" />
      <source>&amp;New</source>
      <translation>&amp;Создать</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="34" />
      <source>Res&amp;tore</source>
      <translation>&amp;Восстановить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="36" />
      <source>Show archived</source>
      <translation>Показать архивные</translation>
    </message>
  </context>
  <context>
    <name>RecordFormDialog</name>
    <message>
      <location filename="../../desktop_app/ui/record_form_dialog.py" line="72" />
      <source>Fields marked * are required.</source>
      <translation>Поля, отмеченные *, обязательны.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_form_dialog.py" line="67" />
      <source>Save (Ctrl+S); a field with a problem is shown and nothing is saved</source>
      <translation>Сохранить (Ctrl+S); поле с ошибкой будет показано, и ничего не сохранится</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_form_dialog.py" line="335" />
      <source>Save your changes before closing?</source>
      <translation>Сохранить изменения перед закрытием?</translation>
    </message>
  </context>
  <context>
    <name>RequestCandidatesPanel</name>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="87" />
      <source>&amp;Close request…</source>
      <translation>&amp;Закрыть запрос…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="82" />
      <source>&amp;Link product…</source>
      <translation>&amp;Связать товар…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="78" />
      <source>Accept selected</source>
      <translation>Принять выбранные</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="239" />
      <source>Closed as {outcome}: “{demand}” ({reason})</source>
      <translation>Закрыт с итогом «{outcome}»: «{demand}» ({reason})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="70" />
      <source>Deal fit</source>
      <translation>Применимость сделки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="89" />
      <source>Fulfilled, withdrawn, expired, or no supplier: with a reason</source>
      <translation>Выполнен, отозван, истёк или нет поставщика — с указанием причины</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="212" />
      <source>Linked by hand: product {id} to “{demand}”</source>
      <translation>Связан вручную: товар {id} с запросом «{demand}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="66" />
      <source>Offered product</source>
      <translation>Предлагаемый товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="80" />
      <source>Reject selected</source>
      <translation>Отклонить выбранные</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="65" />
      <source>Score</source>
      <translation>Оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="84" />
      <source>Search the catalogue for a product the matcher missed</source>
      <translation>Найти в каталоге товар, пропущенный при сопоставлении</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="69" />
      <source>Source</source>
      <translation>Источник</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="68" />
      <source>Status</source>
      <translation>Статус</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="67" />
      <source>Supplier</source>
      <translation>Поставщик</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="151" />
      <source>manual</source>
      <translation>вручную</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="151" />
      <source>matcher</source>
      <translation>сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="185" />
      <source>{status}: {product} for “{demand}”</source>
      <translation>{status}: {product} для запроса «{demand}»</translation>
    </message>
  </context>
  <context>
    <name>ResultPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="40" />
      <source>&amp;Save report…</source>
      <translation>&amp;Сохранить отчёт…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="78" />
      <source>Done: {outcome}.</source>
      <translation>Готово: {outcome}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="114" />
      <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
      <translation>Книга Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="33" />
      <source>Import</source>
      <translation>Импорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="97" />
      <source>Import cancelled; nothing was written.</source>
      <translation>Импорт отменён; ничего не записано.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="89" />
      <source>Import failed; nothing was written.</source>
      <translation>Импорт не удался; ничего не записано.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="79" />
      <source>Import finished: {outcome}.</source>
      <translation>Импорт завершён: {outcome}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="59" />
      <source>Importing {file}…</source>
      <translation>Импорт {file}…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="131" />
      <source>Report saved to {path}.</source>
      <translation>Отчёт сохранён в {path}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="112" />
      <source>Save report</source>
      <translation>Сохранить отчёт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="87" />
      <source>The import failed; nothing was written. {reason}</source>
      <translation>Импорт не удался; ничего не записано. {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="41" />
      <source>Write the problems to an .xlsx or .csv file</source>
      <translation>Записать проблемы в файл .xlsx или .csv</translation>
    </message>
  </context>
  <context>
    <name>ReviewFilterBar</name>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="111" />
      <source>All buyers</source>
      <translation>Все покупатели</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="112" />
      <source>All regions</source>
      <translation>Все регионы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="41" />
      <source>Any status</source>
      <translation>Любой статус</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="45" />
      <source>Any verdict</source>
      <translation>Любой вердикт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="59" />
      <source>HS chapter</source>
      <translation>Группа HS</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="52" />
      <source>Highest score shown</source>
      <translation>Наибольшая показываемая оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="51" />
      <source>Lowest score shown</source>
      <translation>Наименьшая показываемая оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="85" />
      <source>Score</source>
      <translation>Оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="65" />
      <source>The exporter's region or the buyer's province</source>
      <translation>Регион экспортёра или провинция покупателя</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="60" />
      <source>The first two digits of the HS code, e.g. 15</source>
      <translation>Первые две цифры кода ТН ВЭД, например 15</translation>
    </message>
  </context>
  <context>
    <name>ReviewHistoryPanel</name>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="97" />
      <source> (undone)</source>
      <translation> (отменено)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="60" />
      <source>Undo selected</source>
      <translation>Отменить выбранное</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="54" />
      <source>What</source>
      <translation>Что</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="54" />
      <source>When</source>
      <translation>Когда</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="54" />
      <source>Who</source>
      <translation>Кто</translation>
    </message>
  </context>
  <context>
    <name>ReviewPage</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="637" />
      <source>%n match(es) accepted (Ctrl+Z undoes them all).</source>
      <translation>
        <numerusform>%n совпадение принято (Ctrl+Z отменит его).</numerusform>
        <numerusform>%n совпадения принято (Ctrl+Z отменит их все).</numerusform>
        <numerusform>%n совпадений принято (Ctrl+Z отменит их все).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="587" />
      <source>%n term(s) added to the glossary.</source>
      <translation>
        <numerusform>%n термин добавлен в глоссарий.</numerusform>
        <numerusform>%n термина добавлено в глоссарий.</numerusform>
        <numerusform>%n терминов добавлено в глоссарий.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="151" />
      <source>&amp;Accept</source>
      <translation>&amp;Принять</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="161" />
      <source>&amp;Bulk accept…</source>
      <translation>&amp;Массовое принятие…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="170" />
      <source>&amp;Pool…</source>
      <translation>&amp;Объединить…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="152" />
      <source>&amp;Reject</source>
      <translation>&amp;Отклонить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="153" />
      <source>&amp;Skip</source>
      <translation>&amp;Пропустить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="154" />
      <source>&amp;Undo</source>
      <translation>&amp;Отменить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="161" />
      <source>Accept every strong suggestion</source>
      <translation>Принять все сильные предложения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="151" />
      <source>Accept this match (A)</source>
      <translation>Принять это совпадение (A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="649" />
      <source>Accepting matches…</source>
      <translation>Принятие совпадений…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="651" />
      <source>Bulk accept cancelled; nothing was changed.</source>
      <translation>Массовое принятие отменено; ничего не изменено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="373" />
      <source>Every decision is recorded with who made it. Record yours as:
(you can change it later in File &gt; Settings)</source>
      <translation>Каждое решение записывается вместе с именем того, кто его принял. Записывать ваши решения под именем:
(его можно изменить позже в меню Файл &gt; Настройки)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="216" />
      <source>History</source>
      <translation>История</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="269" />
      <source>Judging the deal fit…</source>
      <translation>Оценка применимости сделки…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="153" />
      <source>Leave it undecided and go on (S)</source>
      <translation>Оставить без решения и перейти дальше (S)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="381" />
      <source>No reviewer name; nothing was decided.</source>
      <translation>Имя проверяющего не указано; решение не принято.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="444" />
      <source>Nothing to undo.</source>
      <translation>Нечего отменять.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="152" />
      <source>Reject this match (R)</source>
      <translation>Отклонить это совпадение (R)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="565" />
      <source>Review</source>
      <translation>Проверка совпадений</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="171" />
      <source>Split this request among several suppliers (a pooled offer)</source>
      <translation>Разделить этот запрос между несколькими поставщиками (совместное предложение)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="574" />
      <source>Teach the glossary?</source>
      <translation>Пополнить глоссарий?</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="575" />
      <source>This match crossed languages without a glossary concept explaining it. Add these terms to the glossary as one concept, so the next match is found by meaning?

{terms}</source>
      <translation>Это совпадение найдено между разными языками без понятия глоссария, которое бы его объясняло. Добавить эти термины в глоссарий как одно понятие, чтобы следующее совпадение находилось по смыслу?

{terms}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="215" />
      <source>This request</source>
      <translation>Этот запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="154" />
      <source>Undo your last action (Ctrl+Z)</source>
      <translation>Отменить последнее действие (Ctrl+Z)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="237" />
      <source>Undone.</source>
      <translation>Отменено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="478" />
      <source>Undone: {action}.</source>
      <translation>Отменено: {action}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="372" />
      <source>Your name as reviewer</source>
      <translation>Ваше имя проверяющего</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="622" />
      <source>bulk accept of %n match(es)</source>
      <translation>
        <numerusform>массовое принятие %n совпадения</numerusform>
        <numerusform>массовое принятие %n совпадений</numerusform>
        <numerusform>массовое принятие %n совпадений</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="306" />
      <source>{reviewed} of {total} reviewed</source>
      <translation>Проверено {reviewed} из {total}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="408" />
      <source>{status}: {product} for “{demand}”</source>
      <translation>{status}: {product} для запроса «{demand}»</translation>
    </message>
  </context>
  <context>
    <name>ReviewQueueModel</name>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="69" />
      <source>Buyer</source>
      <translation>Покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="74" />
      <source>Deal fit</source>
      <translation>Применимость сделки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="209" />
      <source>Judging the deal fit of the listed matches…</source>
      <translation>Оценка применимости сделки для совпадений в списке…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="70" />
      <source>Offered product</source>
      <translation>Предлагаемый товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="73" />
      <source>Reviewer</source>
      <translation>Проверяющий</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="66" />
      <source>Score</source>
      <translation>Оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="67" />
      <source>Status</source>
      <translation>Статус</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="71" />
      <source>Supplier</source>
      <translation>Поставщик</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="72" />
      <source>Verdict</source>
      <translation>Вердикт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="68" />
      <source>Wanted product</source>
      <translation>Запрашиваемый товар</translation>
    </message>
  </context>
  <context>
    <name>ScoreBars</name>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="25" />
      <source>Attributes</source>
      <translation>Характеристики</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="23" />
      <source>Glossary concept</source>
      <translation>Понятие глоссария</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="24" />
      <source>HS agreement</source>
      <translation>Совпадение ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="26" />
      <source>Model / grade</source>
      <translation>Модель / сорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="22" />
      <source>Name similarity</source>
      <translation>Сходство названий</translation>
    </message>
  </context>
  <context>
    <name>ScreenSkeleton</name>
    <message>
      <location filename="../../desktop_app/ui/screen_skeleton.py" line="29" />
      <source>Opening the database…</source>
      <translation>Открываем базу данных…</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="88" />
      <source>A SQLite file, or postgresql://user:password@host/dbname; empty: default</source>
      <translation>Файл SQLite или postgresql://пользователь:пароль@хост/база; пусто — по умолчанию</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="168" />
      <source>Backups</source>
      <translation>Резервные копии</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="90" />
      <source>Browse…</source>
      <translation>Обзор…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="250" />
      <source>Cannot connect: {reason}</source>
      <translation>Не удаётся подключиться: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="245" />
      <source>Connected to {name}.</source>
      <translation>Подключено к {name}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="241" />
      <source>Connecting…</source>
      <translation>Подключение…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="98" />
      <source>Database</source>
      <translation>База данных</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="171" />
      <source>Deal fit and pooled offers</source>
      <translation>Применимость сделки и совместные предложения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="143" />
      <source>Exchange &amp;rates…</source>
      <translation>Курсы &amp;валют…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="170" />
      <source>Exchange rates</source>
      <translation>Курсы валют</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="169" />
      <source>Export</source>
      <translation>Экспорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="167" />
      <source>Import limits</source>
      <translation>Ограничения импорта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="106" />
      <source>Interface language</source>
      <translation>Язык интерфейса</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="166" />
      <source>Matching</source>
      <translation>Сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="144" />
      <source>Rates used to compare prices in other currencies</source>
      <translation>Курсы для сравнения цен в других валютах</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="111" />
      <source>Reviewer name</source>
      <translation>Имя проверяющего</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="229" />
      <source>SQLite database file</source>
      <translation>Файл базы данных SQLite</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="231" />
      <source>SQLite databases (*.sqlite3 *.db);;All files (*)</source>
      <translation>Базы данных SQLite (*.sqlite3 *.db);;Все файлы (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="76" />
      <source>Settings</source>
      <translation>Настройки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="142" />
      <source>Shared by everybody using this database:</source>
      <translation>Общие для всех, кто работает с этой базой данных:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="109" />
      <source>Stamped on every review decision you make</source>
      <translation>Ставится на каждом вашем решении при проверке</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="92" />
      <source>Test connection</source>
      <translation>Проверить подключение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="83" />
      <source>This computer</source>
      <translation>Этот компьютер</translation>
    </message>
  </context>
  <context>
    <name>TablePage</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/table_page.py" line="173" />
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n запись</numerusform>
        <numerusform>%n записи</numerusform>
        <numerusform>%n записей</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/table_page.py" line="54" />
      <source>Every word must match the start of a word; Chinese matches as a phrase</source>
      <translation>Каждое слово должно совпадать с началом слова; китайский текст ищется как фраза</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/table_page.py" line="165" />
      <source>Loading…</source>
      <translation>Загрузка…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/table_page.py" line="52" />
      <source>Search…</source>
      <translation>Поиск…</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/table_page.py" line="169" />
      <source>at least %n record(s), counting…</source>
      <translation>
        <numerusform>не меньше %n записи, подсчёт…</numerusform>
        <numerusform>не меньше %n записей, подсчёт…</numerusform>
        <numerusform>не меньше %n записей, подсчёт…</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TaskManager</name>
    <message>
      <location filename="../../desktop_app/ui/tasks.py" line="124" />
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="379" />
      <source>Cannot open the database</source>
      <translation>Не удаётся открыть базу данных</translation>
    </message>
  </context>
  <context>
    <name>core</name>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="287" />
      <source>   HS agreement: {level}</source>
      <translation>   Совпадение кода ТН ВЭД: {level}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="310" />
      <source>   lowered by {points:.0f}: other offers read as close or closer</source>
      <translation>   понижена на {points:.0f}: другие предложения так же близки или ближе</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="316" />
      <source>   lowered by {points:.0f}: the offer reads as close or closer to another request</source>
      <translation>   понижена на {points:.0f}: предложение так же близко или ближе к другому запросу</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="304" />
      <source>   lowered by {points:.0f}: {reason} {detail}</source>
      <translation>   снижено на {points:.0f}: {reason} {detail}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="353" />
      <source>   parts: {parts}</source>
      <translation>   составляющие: {parts}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="294" />
      <source>   raised by {points:.0f}: it stands out from the other offers</source>
      <translation>   повышена на {points:.0f}: выделяется среди других предложений</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="289" />
      <source>   same codes: {codes}</source>
      <translation>   одинаковые коды: {codes}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="282" />
      <source>   shared concepts: {concepts}</source>
      <translation>   общие понятия: {concepts}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="55" />
      <source>  -  {name}: no share, {reason}</source>
      <translation>  -  {name}: нет доли, {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="77" />
      <source>  covered {covered} of {quantity} {unit}, shortfall {shortfall} {unit}</source>
      <translation>  покрыто {covered} из {quantity} {unit}, нехватка {shortfall} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="49" />
      <source>  no accepted or suggested supplier; run the matcher or link one</source>
      <translation>  нет принятого или предложенного поставщика; запустите сопоставление или свяжите товар вручную</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="338" />
      <source>  no candidates; run the matcher first</source>
      <translation>  кандидатов нет; сначала запустите сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="85" />
      <source>  price range {range}/{unit}, total {total}</source>
      <translation>  диапазон цен {range}/{unit}, итого {total}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="33" />
      <source>  {buyer} wants {quantity} {unit} by {deadline}, prices in {currency}; {by}</source>
      <translation>  {buyer} хочет {quantity} {unit} к {deadline}, цены в {currency}; {by}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="44" />
      <source>  {company} alone can deliver the whole quantity</source>
      <translation>  {company} может в одиночку поставить всё количество</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="59" />
      <source>  {share:&gt;12} {unit}  {name}  MOQ {moq}, can make {capacity}; {price}/{unit} {terms}</source>
      <translation>  {share:&gt;12} {unit}  {name}  MOQ {moq}, может произвести {capacity}; {price}/{unit} {terms}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="200" />
      <source> (a 15-digit number is an old business licence number, 注册号)</source>
      <translation> (15-значный номер — это старый номер лицензии предприятия, 注册号)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="80" />
      <source> (a spreadsheet may have dropped its leading zero: 0{digits} is valid)</source>
      <translation> (таблица могла потерять ведущий ноль: 0{digits} — корректный код)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="352" />
      <source> (copy)</source>
      <translation> (копия)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="88" />
      <source> (if a spreadsheet dropped its leading zero, the code is 0{digits})</source>
      <translation> (если таблица потеряла ведущий ноль, код — 0{digits})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/rates_cmd.py" line="49" />
      <source> (old)</source>
      <translation> (устарел)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="62" />
      <source> (older than the allowed age)</source>
      <translation> (старше допустимого срока)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="127" />
      <source>"{alias}" read as the Incoterms rule {code}</source>
      <translation>«{alias}» прочитано как правило Инкотермс {code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="166" />
      <source>"{code}" is not an Incoterms 2020 rule; did you mean {suggestion}?</source>
      <translation>«{code}» — не правило Инкотермс 2020; возможно, имелось в виду {suggestion}?</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="169" />
      <source>"{code}" is not an Incoterms 2020 rule; the rules are {rules}</source>
      <translation>«{code}» — не правило Инкотермс 2020; правила: {rules}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="37" />
      <source>"{label}" is not a valid part of a domain name</source>
      <translation>«{label}» не может быть частью доменного имени</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="176" />
      <source>"{text}" does not start with a number</source>
      <translation>«{text}» не начинается с числа</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="234" />
      <source>"{text}" is an email address, not a website</source>
      <translation>«{text}» — это адрес электронной почты, а не сайт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="337" />
      <source>"{text}" is not a date; write 2026-12-01, 01.12.2026 or 2026年12月1日</source>
      <translation>«{text}» — не дата; пишите 2026-12-01, 01.12.2026 или 2026年12月1日</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="357" />
      <source>"{text}" is not a duration</source>
      <translation>«{text}» — не срок</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="179" />
      <source>"{text}" is not a number</source>
      <translation>«{text}» — не число</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="243" />
      <source>"{text}" is not a price</source>
      <translation>«{text}» — не цена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="241" />
      <source>"{text}" is not a valid web address</source>
      <translation>«{text}» — некорректный веб-адрес</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="158" />
      <source>"{text}" is {multiplier} {unit}; quote the price per {unit}</source>
      <translation>«{text}» — это {multiplier} {unit}; указывайте цену за {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="365" />
      <source>"{text}": unknown unit of time; write days, months or years</source>
      <translation>«{text}»: неизвестная единица времени; пишите дни, месяцы или годы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="40" />
      <source>"{top}" is not a top-level domain such as .ru, .cn or .com</source>
      <translation>«{top}» — не домен верхнего уровня вроде .ru, .cn или .com</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="186" />
      <source>; and {count} more</source>
      <translation>; и ещё {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="177" />
      <source>A Chinese landline number has 10 or 11 digits (area code and number), this one has {count}</source>
      <translation>Китайский стационарный номер содержит 10 или 11 цифр (код города и номер), в этом {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="171" />
      <source>A Chinese mobile number has 11 digits starting 13-19, this one is {number}</source>
      <translation>Китайский мобильный номер содержит 11 цифр и начинается с 13–19, этот — {number}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="146" />
      <source>A company's OGRN starts with 1 or 5, this one with {digit}: it may be the number of a later registry entry (GRN) rather than the OGRN</source>
      <translation>ОГРН компании начинается с 1 или 5, этот — с {digit}: возможно, это номер последующей записи реестра (ГРН), а не ОГРН</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="69" />
      <source>A different good this close to a suggestion makes it ambiguous</source>
      <translation>Другой товар настолько близко к предложению делает его неоднозначным</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="151" />
      <source>A number with +7 has 10 digits after the 7, this one has {count}</source>
      <translation>В номере с +7 после семёрки должно быть 10 цифр, в этом {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="154" />
      <source>A sole trader's OGRNIP starts with 3, this one with {digit}: it may be the number of a later registry entry (GRNIP) rather than the OGRNIP</source>
      <translation>ОГРНИП индивидуального предпринимателя начинается с 3, этот — с {digit}: возможно, это номер последующей записи реестра (ГРНИП), а не ОГРНИП</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="245" />
      <source>A website starts with http:// or https://, not "{scheme}://"</source>
      <translation>Адрес сайта начинается с http:// или https://, а не «{scheme}://»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="691" />
      <source>Accepting matches…</source>
      <translation>Принятие совпадений…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="160" />
      <source>An international number has 8 to 15 digits, this one has {count}</source>
      <translation>Международный номер содержит от 8 до 15 цифр, в этом {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="73" />
      <source>Archived</source>
      <translation>В архиве</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="81" />
      <source>At most {limit} characters</source>
      <translation>Не более {limit} символов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="125" />
      <source>Automatic backups to keep</source>
      <translation>Сколько автоматических резервных копий хранить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="35" />
      <source>Buyer</source>
      <translation>Покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="142" />
      <source>Buyer #{id}</source>
      <translation>Покупатель №{id}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="139" />
      <source>Buyer's currency when a request names none</source>
      <translation>Валюта покупателя, если в запросе она не указана</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="79" />
      <source>Candidates fully scored per demand line</source>
      <translation>Кандидатов с полной оценкой на запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="77" />
      <source>Candidates kept per demand line</source>
      <translation>Кандидатов, сохраняемых на запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="272" />
      <source>Cannot open the lock file {path}: {reason}</source>
      <translation>Не удаётся открыть файл блокировки {path}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="69" />
      <source>Cannot read the backup {path}: {reason}</source>
      <translation>Не удаётся прочитать резервную копию {path}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="110" />
      <source>Cannot read the database {path}: {reason}</source>
      <translation>Не удаётся прочитать базу данных {path}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs_catalog.py" line="735" />
      <source>Cannot read the nomenclature file {path}: {reason}. Reinstall ExportMatch.</source>
      <translation>Не удаётся прочитать файл номенклатуры {path}: {reason}. Переустановите ExportMatch.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="214" />
      <source>Cannot tell the country of this phone number; write it with a country code, e.g. +7 916 123-45-67 or +86 138 0013 8000</source>
      <translation>Не удаётся определить страну этого номера; укажите код страны, например +7 916 123-45-67 или +86 138 0013 8000</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="116" />
      <source>Cannot use the database {where}: {reason}</source>
      <translation>Не удаётся использовать базу данных {where}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="78" />
      <source>Carriage Paid To: the seller pays carriage to the named destination</source>
      <translation>Перевозка оплачена до (CPT): продавец оплачивает перевозку до указанного места назначения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="79" />
      <source>Carriage and Insurance Paid To: carriage and insurance to the named destination</source>
      <translation>Перевозка и страхование оплачены до (CIP): перевозка и страхование до указанного места назначения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="299" />
      <source>Checking the backup</source>
      <translation>Проверка резервной копии</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="112" />
      <source>Choose the company that offers the product</source>
      <translation>Выберите компанию, которая предлагает товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/template.py" line="35" />
      <source>Columns</source>
      <translation>Столбцы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="33" />
      <source>Company</source>
      <translation>Компания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="229" />
      <source>Company {id} does not exist</source>
      <translation>Компания {id} не существует</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/companies.py" line="112" />
      <source>Company {id} does not exist (it may have been deleted)</source>
      <translation>Компания {id} не существует (возможно, она удалена)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="70" />
      <source>Contact</source>
      <translation>Контакт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="89" />
      <source>Cost and Freight: the seller pays sea freight to the port of destination</source>
      <translation>Стоимость и фрахт (CFR): продавец оплачивает морской фрахт до порта назначения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="90" />
      <source>Cost, Insurance and Freight: sea freight and insurance to the port of destination</source>
      <translation>Стоимость, страхование и фрахт (CIF): морской фрахт и страхование до порта назначения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="51" />
      <source>Could not back up {source} to {target}: {reason}</source>
      <translation>Не удалось создать резервную копию {source} в {target}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="58" />
      <source>Could not write the backup {target}: {reason}</source>
      <translation>Не удалось записать резервную копию {target}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="196" />
      <source>Could not write the dump {target}: {reason}</source>
      <translation>Не удалось записать дамп {target}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="93" />
      <source>Currency</source>
      <translation>Валюта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="203" />
      <source>Currency code {code} is not in the currency table; check it, or add it to resources/reference/currencies.csv</source>
      <translation>Кода валюты {code} нет в таблице валют; проверьте его или добавьте в resources/reference/currencies.csv</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="63" />
      <source>Cyrillic text</source>
      <translation>Кириллический текст</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="158" />
      <source>DAT was replaced by DPU in Incoterms 2020; write DPU</source>
      <translation>В Инкотермс 2020 DAT заменено на DPU; пишите DPU</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="100" />
      <source>Database (SQLite file or PostgreSQL URL)</source>
      <translation>База данных (файл SQLite или URL PostgreSQL)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="115" />
      <source>Deadline</source>
      <translation>Срок</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="128" />
      <source>Deal fit (a separate judgement; it does not change scores or verdicts):</source>
      <translation>Применимость сделки (отдельная оценка; она не меняет оценки и вердикты):</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="86" />
      <source>Delivered Duty Paid: the seller delivers with import duties paid</source>
      <translation>Поставка с оплатой пошлин (DDP): продавец доставляет товар, уплатив ввозные пошлины</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="83" />
      <source>Delivered at Place Unloaded: the seller delivers and unloads at the named place</source>
      <translation>Поставка в месте с выгрузкой (DPU): продавец доставляет и выгружает товар в указанном месте</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="82" />
      <source>Delivered at Place: the seller delivers to the named place, not unloaded</source>
      <translation>Поставка в месте (DAP): продавец доставляет товар в указанное место без выгрузки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="36" />
      <source>Demand line</source>
      <translation>Запрос покупателя</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/demand.py" line="106" />
      <source>Demand line {id} does not exist</source>
      <translation>Запрос покупателя {id} не существует</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="333" />
      <source>Demand {ref}: {text}</source>
      <translation>Запрос {ref}: {text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="71" />
      <source>E-mail</source>
      <translation>Эл. почта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="57" />
      <source>Eligibility (GACC)</source>
      <translation>Допуск (GACC)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="64" />
      <source>Email address "{text}" contains a space</source>
      <translation>Адрес электронной почты «{text}» содержит пробел</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="68" />
      <source>Email address "{text}" has more than one @</source>
      <translation>Адрес электронной почты «{text}» содержит больше одного @</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="67" />
      <source>Email address "{text}" has no @</source>
      <translation>В адресе электронной почты «{text}» нет @</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="80" />
      <source>Email address cannot contain "{char}" before the @</source>
      <translation>Адрес электронной почты не может содержать «{char}» до @</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="74" />
      <source>Email address has nothing after the @</source>
      <translation>В адресе электронной почты ничего нет после @</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="72" />
      <source>Email address has nothing before the @</source>
      <translation>В адресе электронной почты ничего нет до @</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="88" />
      <source>Email address: {problem}</source>
      <translation>Адрес электронной почты: {problem}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="91" />
      <source>Email domain ends in .con; did you mean .com?</source>
      <translation>Домен почты оканчивается на .con; возможно, имелось в виду .com?</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="59" />
      <source>Enter one email address; this one has {count}: {text}</source>
      <translation>Укажите один адрес электронной почты; здесь их {count}: {text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="118" />
      <source>Enter one phone number; this one has {count}: {text}</source>
      <translation>Укажите один номер телефона; здесь их {count}: {text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="127" />
      <source>Enter your name as reviewer in Settings before deciding.</source>
      <translation>Прежде чем принимать решения, укажите своё имя проверяющего в настройках.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="74" />
      <source>Ex Works: the buyer collects the goods at the seller's premises</source>
      <translation>Франко завод (EXW): покупатель забирает товар на складе продавца</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="213" />
      <source>Export written</source>
      <translation>Экспорт записан</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/audit_export.py" line="238" />
      <source>Exporting the audit trail</source>
      <translation>Экспорт журнала аудита</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="176" />
      <source>Exporting {kind}</source>
      <translation>Экспорт: {kind}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/export_cmd.py" line="135" />
      <source>Fix: add English and Chinese names to the products (Products screen), or add the region or place to resources/reference/places.csv.</source>
      <translation>Исправление: добавьте английские и китайские названия товаров (экран «Товары») или добавьте регион или место в resources/reference/places.csv.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="130" />
      <source>Flag exchange rates older than (days)</source>
      <translation>Помечать курсы валют старше (дней)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="87" />
      <source>Free Alongside Ship: goods placed alongside the vessel at the port of shipment</source>
      <translation>Свободно вдоль борта судна (FAS): товар размещён вдоль борта судна в порту отгрузки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="75" />
      <source>Free Carrier: the seller hands the goods, cleared for export, to the buyer's carrier</source>
      <translation>Франко перевозчик (FCA): продавец передаёт товар, очищенный для экспорта, перевозчику покупателя</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="88" />
      <source>Free On Board: goods loaded on board the vessel at the port of shipment</source>
      <translation>Свободно на борту (FOB): товар погружен на борт судна в порту отгрузки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="72" />
      <source>GACC</source>
      <translation>GACC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="131" />
      <source>Give the currency of the price</source>
      <translation>Укажите валюту цены</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="116" />
      <source>Give the product a name in at least one language</source>
      <translation>Дайте товару название хотя бы на одном языке</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/glossary_terms.py" line="100" />
      <source>Give the term in at least two languages</source>
      <translation>Укажите термин хотя бы на двух языках</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="251" />
      <source>HS code</source>
      <translation>Код ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="74" />
      <source>HS code "{text}" has no digits</source>
      <translation>В коде ТН ВЭД «{text}» нет цифр</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="78" />
      <source>HS code may contain only digits, spaces and dots; found "{char}" in "{text}"</source>
      <translation>Код ТН ВЭД может содержать только цифры, пробелы и точки; найдено «{char}» в «{text}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="84" />
      <source>HS code must have 4, 6, 8 or 10 digits, this one has {count}</source>
      <translation>Код ТН ВЭД должен содержать 4, 6, 8 или 10 цифр, в этом {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="121" />
      <source>HS code {code}: subheading {subheading} is not in HS 2022; heading {heading} ({description}) has {subheadings}</source>
      <translation>Код ТН ВЭД {code}: субпозиции {subheading} нет в ГС 2022; в товарной позиции {heading} ({description}) есть {subheadings}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="99" />
      <source>HS code {code}: there is no chapter {chapter} in HS 2022</source>
      <translation>Код ТН ВЭД {code}: в ГС 2022 нет группы {chapter}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="106" />
      <source>HS code {code}: there is no heading {heading} in HS 2022 (chapter {chapter}: {description})</source>
      <translation>Код ТН ВЭД {code}: в ГС 2022 нет товарной позиции {heading} (группа {chapter}: {description})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="229" />
      <source>HS {codes} ({source})</source>
      <translation>ТН ВЭД {codes} ({source})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="564" />
      <source>HS {code}</source>
      <translation>ГС {code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="564" />
      <source>HS {code} by the Chinese name</source>
      <translation>ГС {code} по китайскому названию</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="68" />
      <source>INN</source>
      <translation>ИНН</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="93" />
      <source>INN cannot start with 00: no tax office has that code</source>
      <translation>ИНН не может начинаться с 00: такого кода налоговой инспекции нет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="88" />
      <source>INN check digit is wrong: expected {expected}, found {found}</source>
      <translation>Неверная контрольная цифра ИНН: ожидалась {expected}, найдена {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="90" />
      <source>INN check digits are wrong: expected {expected}, found {found}</source>
      <translation>Неверные контрольные цифры ИНН: ожидались {expected}, найдены {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="70" />
      <source>INN has no digits</source>
      <translation>В ИНН нет цифр</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="73" />
      <source>INN may contain only digits; found "{char}" in "{text}"</source>
      <translation>ИНН может содержать только цифры; найдено «{char}» в «{text}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="78" />
      <source>INN must have 10 or 12 digits, this one has {count}</source>
      <translation>ИНН должен содержать 10 или 12 цифр, в этом {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/companies.py" line="129" />
      <source>INN {inn} is already registered to {name}</source>
      <translation>ИНН {inn} уже принадлежит {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/import_report.py" line="84" />
      <source>Import report</source>
      <translation>Отчёт об импорте</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="454" />
      <source>Importing {file}</source>
      <translation>Импорт {file}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="56" />
      <source>Incoterms</source>
      <translation>Инкотермс</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="116" />
      <source>Incoterms {year} is superseded; the rule was checked against Incoterms 2020</source>
      <translation>Инкотермс {year} устарели; правило проверено по Инкотермс 2020</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="96" />
      <source>Interface language</source>
      <translation>Язык интерфейса</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="72" />
      <source>Judging the deal fit of the listed matches</source>
      <translation>Оценка применимости сделки для совпадений в списке</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="105" />
      <source>Largest file to import (MB)</source>
      <translation>Наибольший импортируемый файл (МБ)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="90" />
      <source>Lowest score of a stored candidate</source>
      <translation>Наименьшая оценка сохраняемого кандидата</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="66" />
      <source>Lowest score of a suggestion</source>
      <translation>Наименьшая оценка предложения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="37" />
      <source>Match</source>
      <translation>Совпадение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="264" />
      <source>Match {id} changed since you opened it; your decision was not saved.</source>
      <translation>Совпадение {id} изменилось после того, как вы его открыли; ваше решение не сохранено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="336" />
      <source>Match {id} no longer exists (matching may have run again)</source>
      <translation>Совпадения {id} больше нет (возможно, сопоставление запускалось снова)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="120" />
      <source>Maximum price cannot be negative: {value}</source>
      <translation>Максимальная цена не может быть отрицательной: {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="114" />
      <source>Maximum price: {reason}</source>
      <translation>Максимальная цена: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="118" />
      <source>Minimum price cannot be negative: {value}</source>
      <translation>Минимальная цена не может быть отрицательной: {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="123" />
      <source>Minimum price {minimum} is greater than maximum price {maximum}</source>
      <translation>Минимальная цена {minimum} больше максимальной {maximum}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="112" />
      <source>Minimum price: {reason}</source>
      <translation>Минимальная цена: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="142" />
      <source>Months of capacity counted for a request without a deadline</source>
      <translation>Сколько месяцев мощности учитывать для запроса без срока</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="116" />
      <source>Most cells (rows × columns) in one sheet</source>
      <translation>Наибольшее число ячеек (строки × столбцы) на листе</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="111" />
      <source>Most columns in one sheet</source>
      <translation>Наибольшее число столбцов на листе</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="108" />
      <source>Most rows in one import</source>
      <translation>Наибольшее число строк в одном импорте</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="67" />
      <source>Name (EN)</source>
      <translation>Название (англ.)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/hs_cmd.py" line="52" />
      <source>No HS code found for '{query}'</source>
      <translation>Код ГС для «{query}» не найден</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="172" />
      <source>No Incoterms rule in "{text}"; write the rule and the place, e.g. FOB Qingdao</source>
      <translation>В «{text}» нет правила Инкотермс; укажите правило и место, например FOB Циндао</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="63" />
      <source>No backup file at {path}</source>
      <translation>Нет файла резервной копии {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="201" />
      <source>No country code; read as a Chinese landline: {value}</source>
      <translation>Нет кода страны; прочитано как китайский стационарный номер: {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="194" />
      <source>No country code; read as a Russian number: {value}</source>
      <translation>Нет кода страны; прочитано как российский номер: {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="34" />
      <source>No database file at {path}</source>
      <translation>Нет файла базы данных {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="353" />
      <source>No dump file at {path}</source>
      <translation>Нет файла дампа {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="38" />
      <source>Not a database URL: {url}</source>
      <translation>Не адрес базы данных: {url}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="282" />
      <source>Nothing was restored.</source>
      <translation>Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="137" />
      <source>OGRN</source>
      <translation>ОГРН</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="122" />
      <source>OGRN has no digits</source>
      <translation>В ОГРН нет цифр</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="125" />
      <source>OGRN may contain only digits; found "{char}" in "{text}"</source>
      <translation>ОГРН может содержать только цифры; найдено «{char}» в «{text}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="131" />
      <source>OGRN must have 13 digits (OGRNIP of a sole trader 15), this one has {count}</source>
      <translation>ОГРН должен содержать 13 цифр (ОГРНИП индивидуального предпринимателя — 15), в этом {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="137" />
      <source>OGRNIP</source>
      <translation>ОГРНИП</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="208" />
      <source>Phone number is too short ({count} digits); write it with the country and area code, e.g. +7 495 123-45-67</source>
      <translation>Номер телефона слишком короткий ({count} цифр); укажите его с кодом страны и города, например +7 495 123-45-67</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="125" />
      <source>Phone number may contain only digits, spaces, dashes, parentheses and a leading +; found "{char}"</source>
      <translation>Номер телефона может содержать только цифры, пробелы, дефисы, скобки и + в начале; найдено «{char}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="132" />
      <source>Phone number: + may only come first</source>
      <translation>Номер телефона: + может стоять только в начале</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="57" />
      <source>Points an offer of the good asked for loses when it lacks the grade asked for</source>
      <translation>Штраф предложению нужного товара без запрошенного сорта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="48" />
      <source>Points lost per conflicting processing state</source>
      <translation>Штраф за каждое расхождение в обработке</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="39" />
      <source>Points lost when the HS chapters disagree</source>
      <translation>Штраф при расхождении групп ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="30" />
      <source>Points lost when the two sides name different goods</source>
      <translation>Штраф, если стороны называют разные товары</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="92" />
      <source>Price from</source>
      <translation>Цена от</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/import_report.py" line="86" />
      <source>Problems</source>
      <translation>Проблемы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="34" />
      <source>Product</source>
      <translation>Товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="88" />
      <source>Product (EN)</source>
      <translation>Товар (англ.)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="87" />
      <source>Product (RU)</source>
      <translation>Товар (рус.)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="89" />
      <source>Product (ZH)</source>
      <translation>Товар (кит.)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/name_suggestions.py" line="113" />
      <source>Product {id} does not exist (it may have been deleted)</source>
      <translation>Товар {id} не существует (возможно, он удалён)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="460" />
      <source>Product {ref} is no longer active; match {id} was not accepted.</source>
      <translation>Товар {ref} больше не активен; совпадение {id} не принято.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="111" />
      <source>Province</source>
      <translation>Провинция</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="113" />
      <source>Quantity</source>
      <translation>Количество</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="102" />
      <source>Quantity cannot be negative: {value}</source>
      <translation>Количество не может быть отрицательным: {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="52" />
      <source>Quantity vs MOQ</source>
      <translation>Количество и MOQ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="53" />
      <source>Quantity vs capacity by deadline</source>
      <translation>Количество и мощность к сроку</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="167" />
      <source>Read as {days} days</source>
      <translation>Распознано как {days} дн.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="163" />
      <source>Read as {value}</source>
      <translation>Распознано как {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/engine.py" line="98" />
      <source>Reading products and demand</source>
      <translation>Чтение товаров и запросов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="77" />
      <source>Record</source>
      <translation>Запись</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="256" />
      <source>Reference {ref} is already used by product {id} of this company</source>
      <translation>Артикул {ref} уже используется товаром {id} этой компании</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="69" />
      <source>Region</source>
      <translation>Регион</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="30" />
      <source>Request {ref}: {text}</source>
      <translation>Запрос {ref}: {text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="484" />
      <source>Restoring the backup</source>
      <translation>Восстановление резервной копии</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="527" />
      <source>Restoring {table} stored {stored} rows instead of {expected}.</source>
      <translation>При восстановлении {table} записано строк: {stored} вместо {expected}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="140" />
      <source>Reviewer</source>
      <translation>Проверяющий</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="98" />
      <source>Reviewer name</source>
      <translation>Имя проверяющего</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="137" />
      <source>Score</source>
      <translation>Оценка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/pipeline.py" line="124" />
      <source>Scoring candidates</source>
      <translation>Оценка кандидатов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="148" />
      <source>Shelf life "{text}" is not a number of days, months or years</source>
      <translation>Срок годности «{text}» — не число дней, месяцев или лет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="166" />
      <source>Shelf life must be a whole number of days, not {value}</source>
      <translation>Срок годности должен быть целым числом дней, а не {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="170" />
      <source>Shelf life must be at least 1 day, not {value}</source>
      <translation>Срок годности должен быть не меньше 1 дня, а не {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="174" />
      <source>Shelf life of {days} days is more than ten years; check it</source>
      <translation>Срок годности {days} дней — больше десяти лет; проверьте его</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="155" />
      <source>Shelf life: "{unit}" is not days, weeks, months or years</source>
      <translation>Срок годности: «{unit}» — не дни, недели, месяцы или годы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="124" />
      <source>Somebody else changed this record since you opened it; reopen it.</source>
      <translation>Кто-то другой изменил эту запись после того, как вы её открыли; откройте её заново.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="316" />
      <source>Somebody else gave a product of this company the same reference at the same moment; your changes were not saved.</source>
      <translation>Кто-то другой в тот же момент присвоил товару этой компании тот же артикул; ваши изменения не сохранены.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="191" />
      <source>Somebody else linked this product to the request {ref} at the same moment; nothing was saved. The candidates were reloaded.</source>
      <translation>Кто-то другой в тот же момент связал этот товар с запросом {ref}; ничего не сохранено. Кандидаты перезагружены.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/companies.py" line="169" />
      <source>Somebody else registered a company with this INN or name at the same moment; your changes were not saved. Reload the list and check.</source>
      <translation>Кто-то другой в тот же момент зарегистрировал компанию с этим ИНН или названием; ваши изменения не сохранены. Обновите список и проверьте.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="237" />
      <source>Somebody else stored the {pair} rate of {day} at the same moment; yours was not saved.</source>
      <translation>Кто-то другой в тот же момент сохранил курс {pair} на {day}; ваш не сохранён.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="95" />
      <source>Status</source>
      <translation>Статус</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="136" />
      <source>Supplier</source>
      <translation>Поставщик</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="561" />
      <source>TN VED {code}</source>
      <translation>ТН ВЭД {code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="561" />
      <source>TN VED {code} by the Chinese name</source>
      <translation>ТН ВЭД {code} по китайскому названию</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="54" />
      <source>Target price vs price range</source>
      <translation>Целевая цена и диапазон цен</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/glossary_terms.py" line="90" />
      <source>The concept needs a name</source>
      <translation>Понятию нужно название</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="375" />
      <source>The database already holds ExportMatch data: {tables}. Restore into an empty database, or replace its data (a backup is taken first).</source>
      <translation>В базе данных уже есть данные ExportMatch: {tables}. Восстанавливайте в пустую базу или замените её данные (сначала будет сделана резервная копия).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/migrate.py" line="78" />
      <source>The database holds tables but no ExportMatch schema version; it was not created by ExportMatch and is left untouched.</source>
      <translation>В базе данных есть таблицы, но нет версии схемы ExportMatch; она создана не ExportMatch и оставлена без изменений.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="124" />
      <source>The database is busy with another {holder}; try again when it has finished.</source>
      <translation>База данных занята другой операцией ({holder}); повторите попытку после её завершения.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="398" />
      <source>The database was written by a newer version of ExportMatch (schema {revision}); nothing was restored.</source>
      <translation>База данных записана более новой версией ExportMatch (схема {revision}); ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="139" />
      <source>The database {path} is on a read-only disk or in a folder ExportMatch cannot write to, so it cannot be opened; it is left untouched. Copy it to a folder you can write to and open the copy, or make the folder writable.</source>
      <translation>База данных {path} находится на диске только для чтения или в папке, куда ExportMatch не может писать, поэтому её нельзя открыть; она не изменена. Скопируйте её в папку с правом записи и откройте копию или разрешите запись в папку.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="102" />
      <source>The database {where} is busy: another ExportMatch is writing to it. Try again in a moment.</source>
      <translation>База данных {where} занята: в неё пишет другой экземпляр ExportMatch. Повторите попытку чуть позже.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="95" />
      <source>The database {where} is damaged ({reason}). Restore it from a backup into a new file (exportmatch --database NEW db restore BACKUP).</source>
      <translation>База данных {where} повреждена ({reason}). Восстановите её из резервной копии в новый файл (exportmatch --database NEW db restore BACKUP).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="109" />
      <source>The database {where} is read-only; ExportMatch cannot save changes.</source>
      <translation>База данных {where} доступна только для чтения; ExportMatch не может сохранить изменения.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="114" />
      <source>The disk holding {where} is full.</source>
      <translation>Диск, на котором находится {where}, заполнен.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="246" />
      <source>The dump's table {table} is damaged: {count} rows read, {expected} expected, or its checksum differs. Nothing was restored.</source>
      <translation>Таблица дампа {table} повреждена: прочитано строк {count}, ожидалось {expected}, или не совпадает контрольная сумма. Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs_catalog.py" line="726" />
      <source>The nomenclature file {path} lacks the columns {columns}. Reinstall ExportMatch.</source>
      <translation>В файле номенклатуры {path} нет столбцов {columns}. Переустановите ExportMatch.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="84" />
      <source>The part before @ cannot start or end with a dot or have two dots in a row</source>
      <translation>Часть до @ не может начинаться или заканчиваться точкой или содержать две точки подряд</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="76" />
      <source>The part before @ is longer than 64 characters</source>
      <translation>Часть до @ длиннее 64 символов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="286" />
      <source>The pooled offer {id} changed since you read it; it was reloaded.</source>
      <translation>Совместное предложение {id} изменилось с момента открытия; оно перезагружено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="236" />
      <source>The pooled offer {id} of request {ref} was withdrawn since yours was proposed; yours was not stored. Propose it again.</source>
      <translation>Сводное предложение {id} по запросу {ref} отозвано после того, как вы предложили своё; ваше не сохранено. Предложите его снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="206" />
      <source>The product {ref}</source>
      <translation>Товар {ref}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="270" />
      <source>The product {ref} is no longer active; nothing was stored. Propose the pool for request {line} again.</source>
      <translation>Товар {ref} больше не активен; ничего не сохранено. Предложите сводное предложение по запросу {line} снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="259" />
      <source>The product {ref} was deleted since the pool was proposed; nothing was stored. Propose it again.</source>
      <translation>Товар {ref} удалён после того, как было предложено сводное предложение; ничего не сохранено. Предложите его снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="206" />
      <source>The request {ref}</source>
      <translation>Запрос {ref}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="109" />
      <source>The request {ref} changed since you opened it; it was reloaded.</source>
      <translation>Запрос {ref} изменился с момента открытия; он перезагружен.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="480" />
      <source>The request {ref} is closed; match {id} was not accepted.</source>
      <translation>Запрос {ref} закрыт; совпадение {id} не принято.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/migrate.py" line="169" />
      <source>This database was written by a newer version of ExportMatch (schema {current}); this version knows schemas up to {head}. Update ExportMatch to open it. The database was not changed.</source>
      <translation>Эта база данных записана более новой версией ExportMatch (схема {current}); эта версия знает схемы до {head}. Обновите ExportMatch, чтобы открыть её. База данных не изменена.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="79" />
      <source>This field is required</source>
      <translation>Обязательное поле</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="186" />
      <source>USCC cannot contain the letter {letter} (the code never uses I, O, Z, S or V); did you mean "{digit}"?</source>
      <translation>УСКК не может содержать букву {letter} (в коде не бывает I, O, Z, S и V); возможно, имелось в виду «{digit}»?</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="206" />
      <source>USCC check character is wrong: expected {expected}, found {found}</source>
      <translation>Неверный контрольный символ УСКК: ожидался {expected}, найден {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="182" />
      <source>USCC has no characters</source>
      <translation>В УСКК нет символов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="193" />
      <source>USCC may contain only digits and capital letters; found "{char}"</source>
      <translation>УСКК может содержать только цифры и заглавные буквы; найдено «{char}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="198" />
      <source>USCC must have 18 characters, this one has {count}</source>
      <translation>УСКК должен содержать 18 символов, в этом {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="114" />
      <source>Unit</source>
      <translation>Единица</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="237" />
      <source>Unit "{text}" starts with a number; give the unit alone, e.g. kg</source>
      <translation>Единица «{text}» начинается с числа; укажите только единицу, например кг</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="55" />
      <source>Units</source>
      <translation>Единицы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="164" />
      <source>Unknown company</source>
      <translation>Неизвестная компания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="209" />
      <source>Unknown currency "{text}"; write an ISO code such as CNY, USD, RUB or EUR</source>
      <translation>Неизвестная валюта «{text}»; укажите код ISO, например CNY, USD, RUB или EUR</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="140" />
      <source>Unknown status {status}</source>
      <translation>Неизвестный статус {status}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="242" />
      <source>Unknown unit "{text}"; use one of {units}</source>
      <translation>Неизвестная единица «{text}»; используйте одну из: {units}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="144" />
      <source>Unlimited shelf life is stored as no shelf life (empty)</source>
      <translation>Неограниченный срок годности хранится как отсутствие срока (пусто)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="43" />
      <source>Unsupported database {name}: use a SQLite file or a PostgreSQL URL</source>
      <translation>Неподдерживаемая база данных {name}: используйте файл SQLite или адрес PostgreSQL</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="138" />
      <source>Verdict</source>
      <translation>Вердикт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="132" />
      <source>Waiting for the {holder} to finish…</source>
      <translation>Ожидание завершения операции ({holder})…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="109" />
      <source>Wanted product</source>
      <translation>Запрашиваемый товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="231" />
      <source>Website address "{text}" contains a space</source>
      <translation>Адрес сайта «{text}» содержит пробел</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="249" />
      <source>Website address "{text}" has no domain</source>
      <translation>В адресе сайта «{text}» нет домена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="252" />
      <source>Website address: {problem}</source>
      <translation>Адрес сайта: {problem}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="21" />
      <source>Weight of HS agreement</source>
      <translation>Вес совпадения ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="27" />
      <source>Weight of model numbers and codes</source>
      <translation>Вес моделей и артикулов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="13" />
      <source>Weight of name similarity</source>
      <translation>Вес сходства названий</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="24" />
      <source>Weight of processing states</source>
      <translation>Вес состояния обработки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="16" />
      <source>Weight of shared glossary concepts</source>
      <translation>Вес общих понятий глоссария</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/export_cmd.py" line="131" />
      <source>Would reach the buyer untranslated:</source>
      <translation>Попадёт к покупателю без перевода:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="212" />
      <source>Writing the portable dump</source>
      <translation>Запись переносимого дампа</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="122" />
      <source>a CSV file has no sheets: write .xlsx for one sheet per buyer</source>
      <translation>в файле CSV нет листов: для отдельного листа на каждого покупателя пишите .xlsx</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="307" />
      <source>a catalogue lists every buyer's suppliers: --buyer applies to matches only</source>
      <translation>каталог содержит поставщиков для всех покупателей: --buyer применяется только к совпадениям</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="194" />
      <source>a field is longer than {limit} characters; no spreadsheet cell is that long (Excel holds 32,767)</source>
      <translation>поле длиннее {limit} символов; таких длинных ячеек в электронных таблицах не бывает (Excel вмещает 32 767)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="401" />
      <source>a food good needs the supplier's GACC registration, and it has none</source>
      <translation>пищевому товару нужна регистрация поставщика в GACC, а её нет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="140" />
      <source>a food good, and the supplier has no GACC registration</source>
      <translation>пищевой товар, а у поставщика нет регистрации в GACC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="129" />
      <source>a pooled offer needs at least one share</source>
      <translation>в совместном предложении должна быть хотя бы одна доля</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="328" />
      <source>a price per {request} cannot be compared with a price per {offer}</source>
      <translation>цену за {request} нельзя сравнить с ценой за {offer}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="179" />
      <source>a rate needs two different currencies</source>
      <translation>для курса нужны две разные валюты</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="60" />
      <source>a region or place the tables do not know: it goes out transliterated</source>
      <translation>регион или место, неизвестные таблицам: уходит в транслитерации</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="64" />
      <source>a score of {low:.0f}-{high:.0f}: {percent:.0f}% of such candidates were right on our labelled trade sets, DEV and six hold-outs ({count} candidates)</source>
      <translation>оценка {low:.0f}–{high:.0f}: на наших размеченных торговых наборах (DEV и шесть отложенных) верными оказались {percent:.0f}% таких кандидатов (всего кандидатов: {count})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="128" />
      <source>a share cannot be negative</source>
      <translation>доля не может быть отрицательной</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="363" />
      <source>a side names no Incoterms rule</source>
      <translation>одна из сторон не указывает правило Incoterms</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="92" />
      <source>a template needs a non-empty list of columns</source>
      <translation>шаблону нужен непустой список столбцов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="188" />
      <source>a unit is missing; the quantities cannot be compared safely</source>
      <translation>не указана единица; количества нельзя надёжно сравнить</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="345" />
      <source>a value is required</source>
      <translation>требуется значение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="144" />
      <source>a value is required in {columns}</source>
      <translation>требуется значение в {columns}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="150" />
      <source>an unexpected {kind} {name}</source>
      <translation>непредвиденный объект {kind} {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="23" />
      <source>best match first</source>
      <translation>сначала лучшие совпадения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="413" />
      <source>binary .xlsb workbooks are not supported; save it as .xlsx</source>
      <translation>двоичные книги .xlsb не поддерживаются; сохраните файл как .xlsx</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="692" />
      <source>bulk accept at score {threshold} or more</source>
      <translation>массовое принятие с оценкой от {threshold}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="322" />
      <source>buyer</source>
      <translation>покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="135" />
      <source>can make nothing before the deadline</source>
      <translation>ничего не может произвести до срока</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="136" />
      <source>cannot read the file: {reason}</source>
      <translation>не удаётся прочитать файл: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/glossary.py" line="483" />
      <source>cannot read the glossary file: {reason}</source>
      <translation>не удаётся прочитать файл глоссария: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="281" />
      <source>cannot read the rates file: {reason}</source>
      <translation>не удаётся прочитать файл курсов: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="108" />
      <source>cannot read the table: {reason}</source>
      <translation>не удаётся прочитать таблицу: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="120" />
      <source>cannot read the template: {reason}</source>
      <translation>не удаётся прочитать шаблон: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="123" />
      <source>cannot write the export: {reason}</source>
      <translation>не удаётся записать экспорт: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="241" />
      <source>chapter</source>
      <translation>группа</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="22" />
      <source>cheapest first</source>
      <translation>сначала самые дешёвые</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/template.py" line="36" />
      <source>column</source>
      <translation>столбец</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="46" />
      <source>column {column}</source>
      <translation>столбец {column}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="333" />
      <source>column {column}: {reason}</source>
      <translation>столбец {column}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="234" />
      <source>column {column}: {value} cannot be read ({reason})</source>
      <translation>столбец {column}: не удаётся прочитать {value} ({reason})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="223" />
      <source>concepts: {concepts}</source>
      <translation>понятия: {concepts}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="62" />
      <source>conflict</source>
      <translation>конфликт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="198" />
      <source>converted: 1 {request} = {factor} {offer}</source>
      <translation>пересчитано: 1 {request} = {factor} {offer}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="105" />
      <source>dry run: {text}</source>
      <translation>пробный прогон: {text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="135" />
      <source>enter a currency code such as CNY</source>
      <translation>введите код валюты, например CNY</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="94" />
      <source>expected a number, found "{text}"</source>
      <translation>ожидалось число, найдено «{text}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="79" />
      <source>expected a number, found {value}</source>
      <translation>ожидалось число, найдено {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="48" />
      <source>field {field}</source>
      <translation>поле {field}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="61" />
      <source>fits</source>
      <translation>подходит</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="400" />
      <source>food good, supplier registered</source>
      <translation>пищевой товар, поставщик зарегистрирован</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="119" />
      <source>has a damaged header</source>
      <translation>имеет повреждённый заголовок</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="195" />
      <source>has a key that is not text</source>
      <translation>содержит ключ, не являющийся текстом</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/store.py" line="202" />
      <source>has the same reference as row {row} but other values</source>
      <translation>тот же артикул, что в строке {row}, но другие значения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="240" />
      <source>heading</source>
      <translation>товарная позиция</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="156" />
      <source>holds tables but no ExportMatch schema version: it was not created by ExportMatch</source>
      <translation>содержит таблицы, но не версию схемы ExportMatch: база создана не в ExportMatch</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="69" />
      <source>holds the control character U+{code:04X} at position {position}</source>
      <translation>содержит управляющий символ U+{code:04X} в позиции {position}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="181" />
      <source>holds {value}</source>
      <translation>содержит {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/template.py" line="36" />
      <source>how to fill</source>
      <translation>как заполнять</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="74" />
      <source>import</source>
      <translation>импорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="74" />
      <source>import of {file}</source>
      <translation>импорт файла {file}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="82" />
      <source>import or matching run</source>
      <translation>импорт или сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="170" />
      <source>in {unit}</source>
      <translation>в {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="98" />
      <source>is a folder, not a database file</source>
      <translation>является папкой, а не файлом базы данных</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="147" />
      <source>is damaged or not a database ({reason})</source>
      <translation>повреждён или не является базой данных ({reason})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="115" />
      <source>is not a SQLite database</source>
      <translation>не является базой данных SQLite</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="102" />
      <source>is not a regular file</source>
      <translation>не является обычным файлом</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="126" />
      <source>is truncated ({size} of {expected} bytes)</source>
      <translation>обрезан ({size} из {expected} байт)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="309" />
      <source>it holds a member {member} its manifest does not list</source>
      <translation>в нём есть файл {member}, не указанный в манифесте</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="300" />
      <source>it holds {members} twice</source>
      <translation>в нём дважды встречается {members}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="196" />
      <source>it is damaged: {problem}</source>
      <translation>он повреждён: {problem}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="169" />
      <source>it is not a SQLite database</source>
      <translation>это не база данных SQLite</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="64" />
      <source>it records no ExportMatch schema revision</source>
      <translation>в нём не записана версия схемы ExportMatch</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="71" />
      <source>it records {count} schema revisions instead of one</source>
      <translation>в нём записано версий схемы: {count} вместо одной</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="333" />
      <source>it would unpack to {size} bytes, more than the limit of {limit}</source>
      <translation>при распаковке он занял бы {size} байт — больше ограничения {limit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="137" />
      <source>its MOQ is more than it makes by the deadline</source>
      <translation>его MOQ больше, чем он производит к сроку</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="359" />
      <source>its manifest is not a JSON object</source>
      <translation>его манифест не является объектом JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="371" />
      <source>its manifest is wrong: {reason}</source>
      <translation>его манифест неверен: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="347" />
      <source>its manifest is {size} bytes, more than {limit}</source>
      <translation>его манифест занимает {size} байт — больше {limit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="189" />
      <source>its schema is not ExportMatch's schema {revision}: {differences}</source>
      <translation>его схема не совпадает со схемой ExportMatch {revision}: {differences}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="124" />
      <source>its unit {offer} does not convert to {request}</source>
      <translation>его единица {offer} не пересчитывается в {request}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="252" />
      <source>kind and state</source>
      <translation>вид и состояние</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/rows.py" line="125" />
      <source>leading zero restored: {old} -&gt; {new}</source>
      <translation>восстановлен ведущий ноль: {old} -&gt; {new}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="187" />
      <source>line {line} cannot be read as {encoding} text (byte {offset}): {error}</source>
      <translation>строку {line} нельзя прочитать как текст в кодировке {encoding} (байт {offset}): {error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="202" />
      <source>line {line}: {reason}</source>
      <translation>строка {line}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="205" />
      <source>linked by hand</source>
      <translation>связан вручную</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="254" />
      <source>makes only {amount} {unit} of {wanted} by the deadline: a pooled offer may cover it</source>
      <translation>производит к сроку только {amount} {unit} из {wanted}: это может покрыть совместное предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="250" />
      <source>makes {amount} {unit} by the deadline</source>
      <translation>производит {amount} {unit} к сроку</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/profiles.py" line="78" />
      <source>mapping profile {name} is for {kind} files</source>
      <translation>профиль сопоставления {name} предназначен для файлов типа {kind}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="620" />
      <source>match {id} changed or was replaced by a matching run</source>
      <translation>совпадение {id} изменено или заменено при повторном сопоставлении</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="76" />
      <source>matching run</source>
      <translation>сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="92" />
      <source>missing column {columns}</source>
      <translation>нет столбца {columns}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="253" />
      <source>model and designation</source>
      <translation>модель и обозначение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="67" />
      <source>must be at least {minimum}</source>
      <translation>должно быть не меньше {minimum}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="72" />
      <source>must be at most {maximum}</source>
      <translation>должно быть не больше {maximum}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="77" />
      <source>must be one of {choices}</source>
      <translation>должно быть одним из: {choices}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="249" />
      <source>name similarity</source>
      <translation>сходство названий</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="177" />
      <source>nested more than {depth} levels deep</source>
      <translation>вложенность больше {depth} уровней</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="58" />
      <source>no Chinese name</source>
      <translation>нет китайского названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="56" />
      <source>no English or Chinese name: the Russian one goes out transliterated</source>
      <translation>нет английского или китайского названия: уходит русское в транслитерации</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="390" />
      <source>no GACC registration</source>
      <translation>нет регистрации в GACC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="395" />
      <source>no HS code: whether GACC registration is needed is unknown</source>
      <translation>нет кода HS: неизвестно, нужна ли регистрация в GACC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="207" />
      <source>no MOQ given</source>
      <translation>MOQ не указан</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="241" />
      <source>no capacity given</source>
      <translation>мощность не указана</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="191" />
      <source>no demand line has the reference {ref}</source>
      <translation>нет запроса покупателя с номером {ref}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="334" />
      <source>no exchange rate from {source} to {target}: add one in Settings</source>
      <translation>нет курса из {source} в {target}: добавьте его в настройках</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="180" />
      <source>no export template {name!r}; built in: {known}</source>
      <translation>нет шаблона экспорта {name!r}; встроенные: {known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/layout.py" line="154" />
      <source>no header row found: none of the first {rows} rows names at least two {kind} columns (such as {examples}); give a mapping</source>
      <translation>строка заголовка не найдена: ни одна из первых {rows} строк не называет хотя бы два столбца типа {kind} (например {examples}); задайте сопоставление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="131" />
      <source>no monthly capacity given</source>
      <translation>месячная мощность не указана</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="113" />
      <source>no pooled offer is in force for request {ref}</source>
      <translation>для запроса {ref} нет действующего совместного предложения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="322" />
      <source>no price offered</source>
      <translation>цена не предложена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="207" />
      <source>no quantity asked</source>
      <translation>количество не запрошено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="320" />
      <source>no target price</source>
      <translation>целевая цена не указана</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="272" />
      <source>no {what} matches {value!r}; known: {known}</source>
      <translation>ничто из {what} не соответствует {value!r}; известны: {known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="273" />
      <source>none</source>
      <translation>нет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="187" />
      <source>not a folder: expected a folder for one file per buyer</source>
      <translation>не папка: для отдельного файла на каждого покупателя нужна папка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="398" />
      <source>not a food good</source>
      <translation>не пищевой товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="125" />
      <source>not a valid TOML template: {reason}</source>
      <translation>некорректный шаблон TOML: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="199" />
      <source>not valid CSV: {error}</source>
      <translation>некорректный CSV: {error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="209" />
      <source>not valid JSON ({reason})</source>
      <translation>некорректный JSON ({reason})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="361" />
      <source>offer</source>
      <translation>предложение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="154" />
      <source>only an active product can be linked</source>
      <translation>связать можно только активный товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="164" />
      <source>only matches can be split by buyer</source>
      <translation>по покупателям можно разбить только совпадения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="175" />
      <source>part of it is still in {wal} (the file was copied while in use); make the backup with exportmatch db backup, which writes one whole file</source>
      <translation>часть данных всё ещё находится в {wal} (файл скопирован во время работы); создайте резервную копию командой exportmatch db backup — она записывает один целостный файл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="459" />
      <source>part {part} declares XML entities, which spreadsheets never need; refused as unsafe</source>
      <translation>часть {part} объявляет сущности XML, которые электронным таблицам никогда не нужны; отклонено как небезопасное</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="471" />
      <source>part {part} holds an XML tag longer than {size} MB; refused as unsafe</source>
      <translation>часть {part} содержит тег XML длиннее {size} МБ; отклонено как небезопасное</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="480" />
      <source>part {part} unpacks to more bytes than the zip directory declares; refused as unsafe</source>
      <translation>часть {part} распаковывается в большее число байт, чем указано в каталоге zip; отклонено как небезопасное</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="157" />
      <source>part {part}: {error}</source>
      <translation>часть {part}: {error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="175" />
      <source>per {unit}</source>
      <translation>за {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="120" />
      <source>pooled offer {id} is in force again</source>
      <translation>совместное предложение {id} снова действует</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="281" />
      <source>pooled offer {id} no longer exists</source>
      <translation>совместного предложения {id} больше нет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="94" />
      <source>pooled offer {id} stored for request {ref}</source>
      <translation>совместное предложение {id} сохранено для запроса {ref}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="118" />
      <source>pooled offer {id} withdrawn</source>
      <translation>совместное предложение {id} отозвано</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/records.py" line="261" />
      <source>price from {low} is above price to {high}</source>
      <translation>цена от {low} больше цены до {high}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/records.py" line="250" />
      <source>price {value} is out of range</source>
      <translation>цена {value} вне допустимого диапазона</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="279" />
      <source>prices converted with an old exchange rate: {rate}</source>
      <translation>цены пересчитаны по устаревшему курсу: {rate}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="34" />
      <source>processing states differ</source>
      <translation>разная обработка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="121" />
      <source>product {id} is not a supplier of this request</source>
      <translation>товар {id} не является поставщиком по этому запросу</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/name_suggestions.py" line="101" />
      <source>product {id}: {reason}</source>
      <translation>товар {id}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/records.py" line="254" />
      <source>quantity {value} is out of range</source>
      <translation>количество {value} вне допустимого диапазона</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="59" />
      <source>rate {rate} of {date}</source>
      <translation>курс {rate} от {date}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="303" />
      <source>region</source>
      <translation>регион</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/store.py" line="200" />
      <source>repeats row {row}; counted once</source>
      <translation>повторяет строку {row}; учтено один раз</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="360" />
      <source>request</source>
      <translation>запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/rows.py" line="493" />
      <source>required field is empty: {fields}</source>
      <translation>не заполнено обязательное поле: {fields}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="79" />
      <source>restore</source>
      <translation>восстановление</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="79" />
      <source>restore of {file}</source>
      <translation>восстановление из {file}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="44" />
      <source>row {row}</source>
      <translation>строка {row}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="250" />
      <source>same good</source>
      <translation>тот же товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="375" />
      <source>same rule and place</source>
      <translation>то же правило и место</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="373" />
      <source>same rule; a place is not named</source>
      <translation>то же правило; место не указано</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="377" />
      <source>same rule; the places are written differently: check they are one place</source>
      <translation>то же правило; места записаны по-разному: проверьте, что это одно место</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="191" />
      <source>same unit</source>
      <translation>та же единица</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="266" />
      <source>say why the request is closed</source>
      <translation>укажите, почему запрос закрыт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="399" />
      <source>schema_revision is not text</source>
      <translation>schema_revision — не текст</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="232" />
      <source>set aside: {words}</source>
      <translation>отложено: {words}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="42" />
      <source>sheet {sheet}</source>
      <translation>лист {sheet}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="145" />
      <source>sheet {sheet} cannot be read: {error}</source>
      <translation>лист {sheet} не читается: {error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="226" />
      <source>states: {states}</source>
      <translation>состояния: {states}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/rates_cmd.py" line="77" />
      <source>stored: 1 {base} = {rate} {quote} on {date}</source>
      <translation>сохранено: 1 {base} = {rate} {quote} на {date}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="239" />
      <source>subheading</source>
      <translation>субпозиция</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="404" />
      <source>table {number}</source>
      <translation>таблица {number}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="220" />
      <source>terms: {terms}</source>
      <translation>термины: {terms}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="229" />
      <source>the .xls workbook is {size} MB; files in the old Excel format are read whole, so they are taken up to {limit} MB: save it as .xlsx</source>
      <translation>книга .xls занимает {size} МБ; файлы старого формата Excel читаются целиком, поэтому принимаются до {limit} МБ: сохраните её как .xlsx</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="32" />
      <source>the HS codes are in different chapters</source>
      <translation>коды ТН ВЭД в разных группах</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="365" />
      <source>the buyer asks {request}, the offer is {offer}: the price covers other costs</source>
      <translation>покупатель запрашивает {request}, предложение — {offer}: цена покрывает другие расходы</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="428" />
      <source>the checksum of {table} is not a SHA-256</source>
      <translation>контрольная сумма {table} — не SHA-256</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="130" />
      <source>the column {column} is missing</source>
      <translation>нет столбца {column}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="421" />
      <source>the columns of {table} are not distinct names</source>
      <translation>имена столбцов {table} повторяются</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="560" />
      <source>the database refused the row: {reason}</source>
      <translation>база данных отклонила строку: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="247" />
      <source>the deadline {date} has passed</source>
      <translation>срок {date} прошёл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="33" />
      <source>the declared HS codes name different subheadings</source>
      <translation>заявленные коды ТН ВЭД называют разные субпозиции</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="27" />
      <source>the domain "{domain}" ends with a dot</source>
      <translation>домен «{domain}» оканчивается точкой</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="35" />
      <source>the domain "{domain}" has two dots in a row</source>
      <translation>в домене «{domain}» две точки подряд</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="30" />
      <source>the domain "{domain}" needs a dot, like mail.ru or qq.com</source>
      <translation>в домене «{domain}» нужна точка, как в mail.ru или qq.com</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="32" />
      <source>the domain is longer than 253 characters</source>
      <translation>домен длиннее 253 символов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="112" />
      <source>the extension {extension} was left out</source>
      <translation>расширение {extension} было опущено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/reference_tables.py" line="139" />
      <source>the factor "{factor}" is not a positive number</source>
      <translation>множитель «{factor}» — не положительное число</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="186" />
      <source>the file cannot be read: {reason}</source>
      <translation>не удаётся прочитать файл: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/overlap.py" line="119" />
      <source>the file could not be read to the end: the reading process stopped ({how})</source>
      <translation>файл не удалось дочитать до конца: процесс чтения остановился ({how})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="183" />
      <source>the file does not exist</source>
      <translation>файл не существует</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="272" />
      <source>the file is an OLE document but not an Excel workbook</source>
      <translation>файл является документом OLE, но не книгой Excel</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="246" />
      <source>the file is binary, not text; it is not a CSV file</source>
      <translation>файл двоичный, а не текстовый; это не файл CSV</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="300" />
      <source>the file is damaged or not a valid workbook: sheet {sheet} starts inside {other}</source>
      <translation>файл повреждён или не является книгой Excel: лист {sheet} начинается внутри {other}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="159" />
      <source>the file is damaged or not a valid workbook: {error}</source>
      <translation>файл повреждён или не является корректной книгой: {error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="319" />
      <source>the file is damaged or not a valid workbook: {part} writes {cells} cells into {rows} rows by {columns} columns</source>
      <translation>файл повреждён или не является книгой Excel: {part} записывает {cells} ячеек в {rows} строк на {columns} столбцов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="207" />
      <source>the file is empty</source>
      <translation>файл пуст</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="239" />
      <source>the file is named {suffix} but is not a spreadsheet of that kind</source>
      <translation>файл назван {suffix}, но не является таблицей такого типа</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="211" />
      <source>the file is {size} MB, more than the limit of {limit} MB</source>
      <translation>размер файла {size} МБ превышает ограничение {limit} МБ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="38" />
      <source>the file name contains a NUL character</source>
      <translation>имя файла содержит символ NUL</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="406" />
      <source>the file unpacks to {size} MB from {packed} MB; that is out of proportion for a spreadsheet (a zip bomb?)</source>
      <translation>файл распаковывается в {size} МБ из {packed} МБ; для таблицы это несоразмерно (zip-бомба?)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="43" />
      <source>the folder {folder} does not exist</source>
      <translation>папка {folder} не существует</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/glossary.py" line="475" />
      <source>the glossary file lacks the columns {columns}</source>
      <translation>в файле глоссария нет столбцов {columns}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="189" />
      <source>the line is longer than {limit} bytes</source>
      <translation>строка длиннее {limit} байт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="212" />
      <source>the line is not a JSON object</source>
      <translation>строка не является объектом JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/layout.py" line="114" />
      <source>the mapping names an unknown field {field}; known fields: {fields}</source>
      <translation>сопоставление называет неизвестное поле {field}; известные поля: {fields}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="304" />
      <source>the member {member} is missing</source>
      <translation>нет файла {member}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="320" />
      <source>the member {member} would unpack from {packed} to {size} bytes, more than {ratio} times its packed size</source>
      <translation>файл {member} распаковался бы из {packed} в {size} байт — более чем в {ratio} раз больше сжатого размера</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="37" />
      <source>the names state different editions</source>
      <translation>в названиях указаны разные издания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="312" />
      <source>the number {value} is not a date</source>
      <translation>число {value} — не дата</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="35" />
      <source>the offer does not name the grade asked for</source>
      <translation>в предложении нет запрошенного сорта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="36" />
      <source>the offer names other models or sizes</source>
      <translation>в предложении указаны другие модели или размеры</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="248" />
      <source>the price range {low} - {high} runs backwards</source>
      <translation>диапазон цен {low} - {high} указан в обратном порядке</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/quantity_units.py" line="74" />
      <source>the quantity is in {quantity_unit} but the unit of the row is {unit}; these units cannot be converted, so write the quantity in {unit}</source>
      <translation>количество указано в единицах «{quantity_unit}», а единица строки — «{unit}»; эти единицы не пересчитываются друг в друга, поэтому укажите количество в единицах «{unit}»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="213" />
      <source>the quantity reaches the MOQ</source>
      <translation>количество достигает MOQ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="145" />
      <source>the rate must be a number above zero</source>
      <translation>курс должен быть числом больше нуля</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="159" />
      <source>the rate's date {date} is in the future</source>
      <translation>дата курса {date} в будущем</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="288" />
      <source>the rates file needs the columns {columns}; missing: {missing}</source>
      <translation>в файле курсов должны быть столбцы {columns}; отсутствуют: {missing}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/import_report.py" line="55" />
      <source>the report must be an .xlsx or .csv file</source>
      <translation>отчёт должен быть файлом .xlsx или .csv</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="193" />
      <source>the request no longer exists</source>
      <translation>запроса больше нет</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="203" />
      <source>the request {ref} gives no quantity to pool</source>
      <translation>в запросе {ref} нет количества для объединения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="139" />
      <source>the request {ref} is closed</source>
      <translation>запрос {ref} закрыт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="147" />
      <source>the request {ref} is closed; reopen it before linking a product</source>
      <translation>запрос {ref} закрыт; откройте его снова, прежде чем связывать с товаром</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="244" />
      <source>the row cannot be read ({reason})</source>
      <translation>не удаётся прочитать строку ({reason})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="219" />
      <source>the row's fields differ from the manifest's columns: {columns}</source>
      <translation>поля строки не совпадают со столбцами манифеста: {columns}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="165" />
      <source>the shares add up to {covered}, more than the {quantity} {unit} asked</source>
      <translation>сумма долей {covered} больше запрошенных {quantity} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/reference_tables.py" line="95" />
      <source>the spelling "{spelling}" of {code} already belongs to {owner}</source>
      <translation>написание «{spelling}» для {code} уже принадлежит {owner}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="414" />
      <source>the table {table} is in {member}, not tables/{table}.jsonl</source>
      <translation>таблица {table} находится в {member}, а не в tables/{table}.jsonl</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="409" />
      <source>the table {table} is listed twice</source>
      <translation>таблица {table} указана дважды</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="344" />
      <source>the target is below the offer's lowest price: {range}</source>
      <translation>целевая цена ниже минимальной цены предложения: {range}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="342" />
      <source>the target reaches the offer: {range}</source>
      <translation>целевая цена достигает цены предложения: {range}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/text_files.py" line="130" />
      <source>the text encoding of the file cannot be recognised</source>
      <translation>не удаётся определить кодировку текста файла</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="31" />
      <source>the two sides name different goods</source>
      <translation>стороны называют разные товары</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="211" />
      <source>the units do not convert</source>
      <translation>единицы не пересчитываются</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="224" />
      <source>the workbook has no worksheet</source>
      <translation>в книге нет рабочих листов</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="266" />
      <source>the workbook is encrypted or protected by a password; save it without one</source>
      <translation>книга зашифрована или защищена паролем; сохраните её без пароля</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="85" />
      <source>the workbook is protected by a password; save it without one</source>
      <translation>книга защищена паролем; сохраните её без пароля</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="293" />
      <source>the workbook lists more than {limit} sheets; refused as unsafe</source>
      <translation>в книге больше {limit} листов; отклонено как небезопасное</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="306" />
      <source>the workbook's global records</source>
      <translation>общих записей книги</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="435" />
      <source>the zip archive is not an Excel or OpenDocument spreadsheet</source>
      <translation>zip-архив не является таблицей Excel или OpenDocument</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="101" />
      <source>the {column} cell is empty</source>
      <translation>ячейка {column} пуста</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="147" />
      <source>the {kind} {name} is defined differently</source>
      <translation>объект {kind} {name} определён иначе</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="154" />
      <source>the {kind} {name} is missing</source>
      <translation>объект {kind} {name} отсутствует</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/profiles.py" line="72" />
      <source>there is no mapping profile {name}; saved profiles: {names}</source>
      <translation>профиля сопоставления {name} нет; сохранённые профили: {names}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/layout.py" line="137" />
      <source>there is no sheet {sheet}; the sheets are {sheets}</source>
      <translation>листа {sheet} нет; листы: {sheets}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="192" />
      <source>this is a device, pipe or socket, not a file</source>
      <translation>это устройство, канал или сокет, а не файл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="189" />
      <source>this is a folder, not a file</source>
      <translation>это папка, а не файл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="162" />
      <source>this product is already a candidate of the request: accept it from the list</source>
      <translation>этот товар уже является кандидатом для запроса: примите его из списка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="527" />
      <source>undo of decision {event}</source>
      <translation>отмена решения {event}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="63" />
      <source>unknown</source>
      <translation>неизвестно</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/profiles.py" line="41" />
      <source>unknown fields {fields}</source>
      <translation>неизвестные поля {fields}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="131" />
      <source>unknown header language {language}; use {known}</source>
      <translation>неизвестный язык заголовков {language}; используйте {known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/audit_export.py" line="58" />
      <source>unknown record type {value}; use one of {choices}</source>
      <translation>неизвестный тип записи {value}; используйте один из: {choices}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/rows.py" line="136" />
      <source>unknown status "{text}"; write active, draft or archived</source>
      <translation>неизвестный статус «{text}»; пишите active, draft или archived</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="294" />
      <source>unknown status {value!r}; use {known}</source>
      <translation>неизвестный статус {value!r}; используйте {known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="117" />
      <source>unknown unit "{text}", kept as written; check it, or add its spelling to resources/reference/units.csv</source>
      <translation>неизвестная единица «{text}», оставлена как есть; проверьте её или добавьте это написание в resources/reference/units.csv</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/reference_tables.py" line="114" />
      <source>unknown unit kind "{kind}"; use one of {kinds}</source>
      <translation>неизвестный вид единицы «{kind}»; используйте один из: {kinds}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="104" />
      <source>unknown {kind} column {key!r}; known columns: {known}</source>
      <translation>неизвестный столбец {kind} {key!r}; известные столбцы: {known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="62" />
      <source>words the trade terms table does not know: they go out transliterated</source>
      <translation>слова, неизвестные таблице торговых терминов: уходят в транслитерации</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="54" />
      <source>write --share as PRODUCT=QUANTITY, not {text!r}</source>
      <translation>пишите --share в виде PRODUCT=QUANTITY, а не {text!r}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="156" />
      <source>write the date as YYYY-MM-DD</source>
      <translation>пишите дату в формате ГГГГ-ММ-ДД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="127" />
      <source>write the export to a .xlsx or .csv file (or a .zip or folder per buyer)</source>
      <translation>запишите экспорт в файл .xlsx или .csv (или в .zip или папку при разбивке по покупателям)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="98" />
      <source>{actor} already set match {id} to {status} at {when}; your decision was not saved. Reload it to see the current decision.</source>
      <translation>{actor} уже установил(а) совпадению {id} статус {status} в {when}; ваше решение не сохранено. Перезагрузите его, чтобы увидеть текущее решение.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="269" />
      <source>{actor} already set match {id} to {status} at {when}; your decision was not saved. The queue was reloaded.</source>
      <translation>{actor} уже установил(а) совпадению {id} статус {status} в {when}; ваше решение не сохранено. Очередь перезагружена.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="114" />
      <source>{actor} changed the request {ref} at {when} ({fields}) since you opened it; nothing was saved. It was reloaded.</source>
      <translation>{actor} изменил(а) запрос {ref} в {when} ({fields}) после того, как вы его открыли; ничего не сохранено. Запрос перезагружен.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="128" />
      <source>{actor} changed this record at {when} ({fields}) since you opened it; your changes were not saved. Reopen the record and apply them again.</source>
      <translation>{actor} изменил(а) эту запись в {when} ({fields}) после того, как вы её открыли; ваши изменения не сохранены. Откройте запись заново и внесите их снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="484" />
      <source>{actor} closed the request {ref} at {when}; match {id} was not accepted. Reopen the request to accept it.</source>
      <translation>{actor} закрыл(а) запрос {ref} в {when}; совпадение {id} не принято. Откройте запрос снова, чтобы принять его.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="323" />
      <source>{actor} gave reference {ref} to product {id} «{name}» of this company at {when}, at the same moment as you; your changes were not saved. Choose another reference.</source>
      <translation>{actor} присвоил(а) артикул {ref} товару {id} «{name}» этой компании в {when}, одновременно с вами; ваши изменения не сохранены. Выберите другой артикул.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="623" />
      <source>{actor} set match {id} to {status} at {when}</source>
      <translation>{actor} установил(а) совпадению {id} статус {status} в {when}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="291" />
      <source>{actor} set pooled offer {id} to {status} at {when} since you read it; nothing was changed. It was reloaded.</source>
      <translation>{actor} перевёл(а) сводное предложение {id} в состояние «{status}» в {when} после того, как вы его прочитали; ничего не изменено. Оно перезагружено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="464" />
      <source>{actor} set product {ref} to {status} at {when}; match {id} was not accepted. The queue was reloaded.</source>
      <translation>{actor} перевёл(а) товар {ref} в состояние «{status}» в {when}; совпадение {id} не принято. Очередь перезагружена.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="227" />
      <source>{actor} stored pooled offer {id} for request {ref} at {when} since yours was proposed; yours was not stored. Look at theirs, then propose again.</source>
      <translation>{actor} сохранил(а) сводное предложение {id} по запросу {ref} в {when} после того, как вы предложили своё; ваше не сохранено. Посмотрите их предложение и предложите снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="243" />
      <source>{actor} stored the {pair} rate of {day} at the same moment: {rate}; yours was not saved. Check the rates and save yours again to replace it.</source>
      <translation>{actor} в тот же момент сохранил(а) курс {pair} на {day}: {rate}; ваш не сохранён. Проверьте курсы и сохраните свой ещё раз, чтобы заменить его.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="240" />
      <source>{actor} withdrew pooled offer {id} of request {ref} at {when} since yours was proposed; yours was not stored. Propose it again.</source>
      <translation>{actor} отозвал(а) сводное предложение {id} по запросу {ref} в {when} после того, как вы предложили своё; ваше не сохранено. Предложите его снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="132" />
      <source>{company} cannot take a share: {reason}</source>
      <translation>{company} не может взять долю: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="139" />
      <source>{company}'s share {share} is below its MOQ of {moq} {unit}</source>
      <translation>доля {company} ({share}) ниже её MOQ в {moq} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="149" />
      <source>{company}'s share {share} is more than the {capacity} {unit} it makes by the deadline</source>
      <translation>доля {company} ({share}) больше, чем {capacity} {unit}, которые он производит к сроку</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/audit_cmd.py" line="53" />
      <source>{count} audit events written to {path}</source>
      <translation>Записано событий аудита: {count}, файл {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="66" />
      <source>{count} characters, at most {limit} fit</source>
      <translation>{count} символов, помещается не более {limit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="640" />
      <source>{count} matches accepted.</source>
      <translation>Принято совпадений: {count}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/rates_cmd.py" line="98" />
      <source>{count} rate(s) imported from {file}</source>
      <translation>импортировано курсов из {file}: {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="51" />
      <source>{count} suggestions stored</source>
      <translation>сохранено предложений: {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="54" />
      <source>{count} suggestions; run again with --store to keep them</source>
      <translation>предложений: {count}; запустите снова с --store, чтобы сохранить их</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="650" />
      <source>{count} were decided by someone else, or their product archived or request closed, since the preview and were left as they are: {names}.</source>
      <translation>{count} с момента предпросмотра решены кем-то другим, либо их товар отправлен в архив или запрос закрыт; они оставлены как есть: {names}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="173" />
      <source>{currency} per {unit}</source>
      <translation>{currency} за {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="82" />
      <source>{entity} records were changed by someone else since you opened them; your changes were not saved. Reload and apply them again.</source>
      <translation>Записи {entity} изменены кем-то другим после того, как вы их открыли; ваши изменения не сохранены. Перезагрузите и внесите их снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="123" />
      <source>{entity} {id} was changed by {actor} at {when} ({fields}) since you opened it; your changes were not saved. Reload it and apply them again.</source>
      <translation>{entity} {id} изменена пользователем {actor} в {when} ({fields}) после того, как вы её открыли; ваши изменения не сохранены. Перезагрузите и внесите их снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="117" />
      <source>{entity} {id} was changed or deleted by someone else since you opened it; your changes were not saved. Reload it and apply them again.</source>
      <translation>{entity} {id} изменена или удалена кем-то другим после того, как вы её открыли; ваши изменения не сохранены. Перезагрузите и внесите их снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="443" />
      <source>{file} holds a table {table} that schema {revision} does not have. Nothing was restored.</source>
      <translation>В {file} есть таблица {table}, которой нет в схеме {revision}. Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="435" />
      <source>{file} lacks the table {table}: every table of schema {revision} must be there, even when empty. Nothing was restored.</source>
      <translation>В {file} нет таблицы {table}: все таблицы схемы {revision} должны присутствовать, даже пустые. Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/demand.py" line="126" />
      <source>{file}, row {row}</source>
      <translation>{file}, строка {row}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="115" />
      <source>{file}, table {table}</source>
      <translation>{file}, таблица {table}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="117" />
      <source>{file}, table {table}, line {line}</source>
      <translation>{file}, таблица {table}, строка {line}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="352" />
      <source>{file}: more than {limit} rows; split the file or raise the limit</source>
      <translation>{file}: больше {limit} строк; разделите файл или увеличьте ограничение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="454" />
      <source>{file}: the columns of table {table} are not those of schema {revision} (missing: {missing}; unknown: {unknown}). Nothing was restored.</source>
      <translation>{file}: столбцы таблицы {table} не соответствуют схеме {revision} (нет: {missing}; неизвестные: {unknown}). Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="113" />
      <source>{file}: {rejected} rows rejected; nothing imported (all or nothing)</source>
      <translation>{file}: отклонено строк: {rejected}; ничего не импортировано (всё или ничего)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="97" />
      <source>{imported} imported, {updated} updated, {unchanged} unchanged, {rejected} rejected</source>
      <translation>импортировано: {imported}, обновлено: {updated}, без изменений: {unchanged}, отклонено: {rejected}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="85" />
      <source>{key} is not a supplier of this request</source>
      <translation>{key} не является поставщиком по этому запросу</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="233" />
      <source>{monthly} a month × {months} months</source>
      <translation>{monthly} в месяц × {months} мес.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="41" />
      <source>{names} (Chinese name from the HS nomenclature)</source>
      <translation>{names} (китайское название из номенклатуры ГС)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="45" />
      <source>{names} (Chinese name of the same good's trade name)</source>
      <translation>{names} (китайское название того же товара по торговому названию)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="209" />
      <source>{name} changed since the pool was proposed; propose it again.</source>
      <translation>{name}: изменения после того, как было предложено сводное предложение; предложите его снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="139" />
      <source>{name} check digit is wrong: expected {expected}, found {found}</source>
      <translation>Неверная контрольная цифра {name}: ожидалась {expected}, найдена {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="379" />
      <source>{name} is not a JSON number</source>
      <translation>{name} — не число JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="254" />
      <source>{name} is not a number JSON allows</source>
      <translation>{name} — число, недопустимое в JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="210" />
      <source>{name} was changed by {actor} at {when} ({fields}) since the pool was proposed; nothing was stored. Propose it again.</source>
      <translation>{name}: изменено пользователем {actor} в {when} ({fields}) после того, как было предложено сводное предложение; ничего не сохранено. Предложите его снова.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/quantity_units.py" line="80" />
      <source>{number} {quantity_unit} converted to {converted} {unit}</source>
      <translation>{number} {quantity_unit} пересчитано в {converted} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="131" />
      <source>{number}. {label}: {overall}</source>
      <translation>{number}. {label}: {overall}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="341" />
      <source>{number}. {score:.1f} {verdict} [{status}] {ref} {name}</source>
      <translation>{number}. {score:.1f} {verdict} [{status}] {ref} {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="159" />
      <source>{old} is no longer an Incoterms rule; use {new} (Incoterms 2020)</source>
      <translation>{old} больше не является правилом Инкотермс; используйте {new} (Инкотермс 2020)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="592" />
      <source>{part} claims {columns} columns; at most {limit} are allowed</source>
      <translation>{part} заявляет {columns} столбцов; допускается не более {limit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="599" />
      <source>{part} claims {rows} rows; at most {limit} are allowed</source>
      <translation>{part} заявляет {rows} строк; допускается не более {limit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="573" />
      <source>{part} holds at least {cells} cells; at most {limit} are allowed (setting import/max_cells)</source>
      <translation>{part} содержит не меньше {cells} ячеек; допускается не больше {limit} (настройка import/max_cells)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="332" />
      <source>{part} holds more than {limit} records, more than {cells} cells need (setting import/max_cells); refused as unsafe</source>
      <translation>{part} содержит больше {limit} записей — больше, чем нужно для {cells} ячеек (настройка import/max_cells); отклонено как небезопасное</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="578" />
      <source>{part} holds {cells} cells; at most {limit} are allowed (setting import/max_cells)</source>
      <translation>в {part} ячеек: {cells}; допускается не более {limit} (параметр import/max_cells)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="606" />
      <source>{part} spans {rows} rows by {columns} columns, {cells} cells; at most {limit} are allowed (setting import/max_cells)</source>
      <translation>размер {part}: строк — {rows}, столбцов — {columns}, ячеек — {cells}; допускается не более {limit} (параметр import/max_cells)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="362" />
      <source>{path} is a dump of an unknown format ({format} {version}).</source>
      <translation>{path} — дамп неизвестного формата ({format} {version}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="60" />
      <source>{path} is a folder or a device, not a backup file</source>
      <translation>{path} — папка или устройство, а не файл резервной копии</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="355" />
      <source>{path} is a folder, not a dump file</source>
      <translation>{path} — папка, а не файл дампа</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="78" />
      <source>{path} is neither a SQLite backup nor an ExportMatch portable dump.</source>
      <translation>{path} — не резервная копия SQLite и не переносимый дамп ExportMatch.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="48" />
      <source>{path} is not a usable ExportMatch database: {reason}. Nothing was restored.</source>
      <translation>{path} — непригодная база данных ExportMatch: {reason}. Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="154" />
      <source>{path} is not an ExportMatch database: {reason}</source>
      <translation>{path} — не база данных ExportMatch: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="279" />
      <source>{path} is not an ExportMatch portable dump or is damaged: {reason}. </source>
      <translation>{path} — не переносимый дамп ExportMatch или он повреждён: {reason}. </translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="110" />
      <source>{path} is the database itself; choose a backup of it. Nothing was restored.</source>
      <translation>{path} — это сама база данных; выберите её резервную копию. Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="137" />
      <source>{path} records no schema revision, so it was not written by ExportMatch or is damaged. Nothing was restored.</source>
      <translation>В {path} не записана версия схемы: файл создан не в ExportMatch или повреждён. Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="144" />
      <source>{path} was written by a newer version of ExportMatch (schema {revision}); this version knows schemas up to {head}. Nothing was restored.</source>
      <translation>{path} создан более новой версией ExportMatch (схема {revision}); эта версия знает схемы до {head}. Ничего не восстановлено.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="70" />
      <source>{path} {reason}; it is left untouched. Open another database, or restore this one from a backup into a new file (exportmatch --database NEW db restore BACKUP).</source>
      <translation>{path} {reason}; файл оставлен без изменений. Откройте другую базу данных или восстановите эту из резервной копии в новый файл (exportmatch --database NEW db restore BACKUP).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="142" />
      <source>{reason} The database was not changed; the copy taken before the restore is {safety}.</source>
      <translation>{reason} База данных не изменена; копия, сделанная перед восстановлением: {safety}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="194" />
      <source>{request} cannot be converted to {offer}: ask the buyer or the supplier</source>
      <translation>{request} нельзя пересчитать в {offer}: уточните у покупателя или поставщика</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="312" />
      <source>{spelling!r} already means {other}</source>
      <translation>{spelling!r} уже означает {other}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="123" />
      <source>{spelling!r} already names {other}</source>
      <translation>{spelling!r} уже обозначает {other}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="425" />
      <source>{table} has {rows} rows</source>
      <translation>в таблице {table} строк: {rows}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/audit_cmd.py" line="23" />
      <source>{text!r} is not a date; write it as 2026-11-01 or 2026-11-01T14:30</source>
      <translation>{text!r} — не дата; пишите 2026-11-01 или 2026-11-01T14:30</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="77" />
      <source>{text} was read as {number}; write {alternative} for a decimal fraction</source>
      <translation>{text} прочитано как {number}; для десятичной дроби пишите {alternative}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="113" />
      <source>{title}: {request} | {offer} -&gt; {fit}: {reason}</source>
      <translation>{title}: {request} | {offer} -&gt; {fit}: {reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="170" />
      <source>{unit} per month</source>
      <translation>{unit} в месяц</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="63" />
      <source>{value!r} is not a valid value</source>
      <translation>{value!r} — недопустимое значение</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="254" />
      <source>{value!r} is not an HS chapter: give two digits such as 03</source>
      <translation>{value!r} — не группа ТН ВЭД: укажите две цифры, например 03</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="138" />
      <source>{value} has more than {places} decimal places</source>
      <translation>в {value} больше {places} знаков после запятой</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="201" />
      <source>{value} is not JSON</source>
      <translation>{value} — не JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="164" />
      <source>{value} is not a date</source>
      <translation>{value} — не дата</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="170" />
      <source>{value} is not a date and time</source>
      <translation>{value} — не дата и время</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="131" />
      <source>{value} is not a finite number</source>
      <translation>{value} — не конечное число</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="129" />
      <source>{value} is not a number</source>
      <translation>{value} — не число</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="93" />
      <source>{value} is not a whole number</source>
      <translation>{value} — не целое число</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="80" />
      <source>{value} is not one of {choices}</source>
      <translation>{value} — не одно из допустимых значений: {choices}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="78" />
      <source>{value} is not text</source>
      <translation>{value} — не текст</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="158" />
      <source>{value} is not true or false</source>
      <translation>{value} — не логическое значение (true или false)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="95" />
      <source>{value} is out of range: at most {high}</source>
      <translation>{value} вне допустимого диапазона: не более {high}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="133" />
      <source>{value} is too large: at most {digits} digits before the point</source>
      <translation>{value} слишком велико: не более {digits} цифр до запятой</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="214" />
      <source>{wanted} {unit} asked is below the MOQ of {moq} {unit}</source>
      <translation>запрошено {wanted} {unit} — ниже MOQ в {moq} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="84" />
      <source>{what} by {actor}, running since {when}</source>
      <translation>{what}: запустил(а) {actor}, выполняется с {when}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/db_cmd.py" line="183" />
      <source>{where} already holds ExportMatch data ({rows} rows); restore into an empty database, or add --force to replace its data (it is backed up first).</source>
      <translation>{where} уже содержит данные ExportMatch (строк: {rows}); восстанавливайте в пустую базу или добавьте --force, чтобы заменить её данные (сначала будет сделана резервная копия).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="406" />
      <source>{where} is not an object</source>
      <translation>{where} — не объект</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="391" />
      <source>{where}: {key} is missing or of the wrong type</source>
      <translation>{where}: {key} отсутствует или имеет неверный тип</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="119" />
      <source>{where}: {reason}. Nothing was restored.</source>
      <translation>{where}: {reason}. Ничего не восстановлено.</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="33" />
      <source>An unexpected error happened: {summary}

This is a bug in ExportMatch. Your data is safe: the operation was not completed. The details are in the log file:
{log}</source>
      <translation>Произошла непредвиденная ошибка: {summary}

Это ошибка в ExportMatch. Ваши данные в безопасности: операция не была выполнена. Подробности в файле журнала:
{log}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="83" />
      <source>Database connection</source>
      <translation>Подключение к базе данных</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="26" />
      <source>ExportMatch</source>
      <translation>ExportMatch</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="39" />
      <source>Unexpected error</source>
      <translation>Непредвиденная ошибка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="84" />
      <source>{message}

Check the network or the database server, then retry.</source>
      <translation>{message}

Проверьте сеть или сервер базы данных и повторите попытку.</translation>
    </message>
  </context>
  <context>
    <name>fields</name>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="40" />
      <source>Address</source>
      <translation>Адрес</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="46" />
      <source>Archived</source>
      <translation>В архиве</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="100" />
      <source>Buyer</source>
      <translation>Покупатель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="82" />
      <source>Certificates</source>
      <translation>Сертификаты</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="83" />
      <source>Chinese name from</source>
      <translation>Источник китайского названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="94" />
      <source>City</source>
      <translation>Город</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="74" />
      <source>Company</source>
      <translation>Компания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="41" />
      <source>Contact person</source>
      <translation>Контактное лицо</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="129" />
      <source>Currencies</source>
      <translation>Валюты</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="50" />
      <source>Currency</source>
      <translation>Валюта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="105" />
      <source>Deadline</source>
      <translation>Срок</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="75" />
      <source>Description</source>
      <translation>Описание</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="42" />
      <source>E-mail</source>
      <translation>Эл. почта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="84" />
      <source>English name from</source>
      <translation>Источник английского названия</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="136" />
      <source>File</source>
      <translation>Файл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="68" />
      <source>GACC registration</source>
      <translation>Регистрация GACC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="48" />
      <source>HS code</source>
      <translation>Код ТН ВЭД</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="66" />
      <source>INN</source>
      <translation>ИНН</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="57" />
      <source>Import</source>
      <translation>Импорт</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="138" />
      <source>Imported</source>
      <translation>Импортировано</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="52" />
      <source>Incoterms</source>
      <translation>Инкотермс</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="53" />
      <source>Incoterms place</source>
      <translation>Место по Инкотермс</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="135" />
      <source>Kind</source>
      <translation>Вид</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="102" />
      <source>Language</source>
      <translation>Язык</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="76" />
      <source>Minimum order</source>
      <translation>Минимальный заказ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="77" />
      <source>Monthly capacity</source>
      <translation>Мощность в месяц</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="36" />
      <source>Name (Chinese)</source>
      <translation>Название (китайское)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="35" />
      <source>Name (English)</source>
      <translation>Название (английское)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="34" />
      <source>Name (Russian)</source>
      <translation>Название (русское)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="37" />
      <source>Name for comparison</source>
      <translation>Название для сравнения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="60" />
      <source>Note</source>
      <translation>Примечание</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="45" />
      <source>Notes</source>
      <translation>Примечания</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="67" />
      <source>OGRN</source>
      <translation>ОГРН</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="106" />
      <source>Outcome</source>
      <translation>Итог</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="81" />
      <source>Packaging</source>
      <translation>Упаковка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="43" />
      <source>Phone</source>
      <translation>Телефон</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="78" />
      <source>Price from</source>
      <translation>Цена от</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="51" />
      <source>Price per</source>
      <translation>Цена за</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="79" />
      <source>Price to</source>
      <translation>Цена до</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="113" />
      <source>Product</source>
      <translation>Товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="93" />
      <source>Province</source>
      <translation>Провинция</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="103" />
      <source>Quantity</source>
      <translation>Количество</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="128" />
      <source>Rate</source>
      <translation>Курс</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="107" />
      <source>Reason</source>
      <translation>Причина</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="38" />
      <source>Reference</source>
      <translation>Номер</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="39" />
      <source>Region</source>
      <translation>Регион</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="141" />
      <source>Rejected</source>
      <translation>Отклонено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="120" />
      <source>Request</source>
      <translation>Запрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="59" />
      <source>Reviewer</source>
      <translation>Проверяющий</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="58" />
      <source>Row fingerprint</source>
      <translation>Отпечаток строки</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="121" />
      <source>Shares</source>
      <translation>Доли</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="137" />
      <source>Sheet</source>
      <translation>Лист</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="80" />
      <source>Shelf life (days)</source>
      <translation>Срок годности (дней)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="122" />
      <source>Shortfall</source>
      <translation>Недостача</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="114" />
      <source>Source</source>
      <translation>Источник</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="54" />
      <source>Source file</source>
      <translation>Исходный файл</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="56" />
      <source>Source row</source>
      <translation>Исходная строка</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="55" />
      <source>Source sheet</source>
      <translation>Исходный лист</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="47" />
      <source>Status</source>
      <translation>Статус</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="85" />
      <source>Suggested Chinese name</source>
      <translation>Предложенное китайское название</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="86" />
      <source>Suggested English name</source>
      <translation>Предложенное английское название</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="104" />
      <source>Target price</source>
      <translation>Целевая цена</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="92" />
      <source>USCC</source>
      <translation>ЕСКК (USCC)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="140" />
      <source>Unchanged</source>
      <translation>Без изменений</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="49" />
      <source>Unit</source>
      <translation>Единица</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="139" />
      <source>Updated</source>
      <translation>Обновлено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="101" />
      <source>Wanted product</source>
      <translation>Запрашиваемый товар</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="44" />
      <source>Website</source>
      <translation>Сайт</translation>
    </message>
  </context>
  <context>
    <name>labels</name>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="45" />
      <source>Accepted</source>
      <translation>Принято</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="181" />
      <source>Active</source>
      <translation>Активен</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="175" />
      <source>Ambiguous</source>
      <translation>Неоднозначно</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="182" />
      <source>Archived</source>
      <translation>В архиве</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="176" />
      <source>Below floor</source>
      <translation>Ниже порога</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="187" />
      <source>Chinese</source>
      <translation>Китайский</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="184" />
      <source>Closed</source>
      <translation>Закрыта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="200" />
      <source>Demand</source>
      <translation>Спрос</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="180" />
      <source>Draft</source>
      <translation>Черновик</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="186" />
      <source>English</source>
      <translation>Английский</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="193" />
      <source>Expired</source>
      <translation>Истёк</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="191" />
      <source>Fulfilled</source>
      <translation>Выполнен</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="195" />
      <source>Manual</source>
      <translation>Вручную</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="194" />
      <source>Matcher</source>
      <translation>Сопоставитель</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="188" />
      <source>Mixed</source>
      <translation>Смешанный</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="190" />
      <source>No supplier</source>
      <translation>Нет поставщика</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="183" />
      <source>Open</source>
      <translation>Открыта</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="199" />
      <source>Products</source>
      <translation>Товары</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="46" />
      <source>Rejected</source>
      <translation>Отклонено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="185" />
      <source>Russian</source>
      <translation>Русский</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="174" />
      <source>Suggested</source>
      <translation>Предложено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="198" />
      <source>Superseded</source>
      <translation>Заменено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="44" />
      <source>Undecided</source>
      <translation>Без решения</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="189" />
      <source>Unknown</source>
      <translation>Не определён</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="192" />
      <source>Withdrawn</source>
      <translation>Отозван</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="202" />
      <source>changed</source>
      <translation>изменено</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="201" />
      <source>created</source>
      <translation>создано</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="203" />
      <source>deleted</source>
      <translation>удалено</translation>
    </message>
  </context>
</TS>
