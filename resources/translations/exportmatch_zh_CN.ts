<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AuditPage</name>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="155" />
      <source>All records</source>
      <translation>所有记录</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="254" />
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="254" />
      <source>Export the audit trail</source>
      <translation>导出审计记录</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="274" />
      <source>Exporting the audit trail…</source>
      <translation>正在导出审计记录…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="172" />
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="162" />
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="160" />
      <source>Only what this person did (the exact user name)</source>
      <translation>仅显示此人的操作（须为确切的用户名）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="170" />
      <source>Search who, record, changes, note…</source>
      <translation>搜索操作人、记录、更改、备注…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="246" />
      <source>The newest {count} events; narrow the filters to see older ones.</source>
      <translation>显示最新的 {count} 条审计记录；缩小筛选范围可查看更早的记录。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="189" />
      <source>Who:</source>
      <translation>操作人：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="173" />
      <source>Write every event the filters select to CSV</source>
      <translation>将筛选出的所有审计记录写入 CSV</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="159" />
      <source>anyone</source>
      <translation>任何人</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="164" />
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="265" />
      <source>{count} audit events written to {path}</source>
      <translation>已将 {count} 条审计记录写入 {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="248" />
      <source>{count} events</source>
      <translation>共 {count} 条审计记录</translation>
    </message>
  </context>
  <context>
    <name>AuditTableModel</name>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="65" />
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="72" />
      <source>Buyer</source>
      <translation>买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="66" />
      <source>Changes</source>
      <translation>更改内容</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="70" />
      <source>Company</source>
      <translation>公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="73" />
      <source>Demand line</source>
      <translation>需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="78" />
      <source>Exchange rate</source>
      <translation>汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="64" />
      <source>Id</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="79" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="74" />
      <source>Match</source>
      <translation>匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="67" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="77" />
      <source>Pooled offer</source>
      <translation>联合报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="71" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="63" />
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="61" />
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="62" />
      <source>Who</source>
      <translation>操作人</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="83" />
      <source>changed</source>
      <translation>修改</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="82" />
      <source>created</source>
      <translation>创建</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="85" />
      <source>decided</source>
      <translation>审核决定</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/audit_page.py" line="84" />
      <source>deleted</source>
      <translation>删除</translation>
    </message>
  </context>
  <context>
    <name>BackupDialog</name>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="70" />
      <source>A copy of the SQLite file (restores into SQLite)</source>
      <translation>SQLite 文件副本（只能恢复到 SQLite）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="73" />
      <source>A portable dump (restores into SQLite or PostgreSQL)</source>
      <translation>可移植转储（可恢复到 SQLite 或 PostgreSQL）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="87" />
      <source>Back up</source>
      <translation>备份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="66" />
      <source>Back up database</source>
      <translation>备份数据库</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="81" />
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="94" />
      <source>Database: {name}</source>
      <translation>数据库：{name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="120" />
      <source>ExportMatch dumps (*.emdump)</source>
      <translation>ExportMatch 转储 (*.emdump)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="97" />
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="118" />
      <source>SQLite databases (*.sqlite3)</source>
      <translation>SQLite 数据库 (*.sqlite3)</translation>
    </message>
  </context>
  <context>
    <name>BarChart</name>
    <message>
      <location filename="../../desktop_app/ui/bar_chart.py" line="52" />
      <source>No data yet</source>
      <translation>暂无数据</translation>
    </message>
  </context>
  <context>
    <name>BulkAcceptDialog</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="113" />
      <source>%n undecided candidate(s) with the verdict “suggested” will be accepted and stamped with your name.</source>
      <translation>
        <numerusform>%n 个结论为“建议”的未决候选将被接受，并记录您的姓名。</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="49" />
      <source>Accept candidates whose score, as the list shows it, is this much or more</source>
      <translation>接受列表中显示的得分不低于此值的候选</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="39" />
      <source>Accept matches in bulk</source>
      <translation>批量接受匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="70" />
      <source>Accept them</source>
      <translation>接受</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="75" />
      <source>Minimum score</source>
      <translation>最低得分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="56" />
      <source>Offered product</source>
      <translation>供应的产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="56" />
      <source>Score</source>
      <translation>得分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="120" />
      <source>The {shown} best are listed.</source>
      <translation>列出得分最高的 {shown} 个。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/bulk_accept_dialog.py" line="56" />
      <source>Wanted product</source>
      <translation>需求的产品</translation>
    </message>
  </context>
  <context>
    <name>CheckPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="45" />
      <source>&amp;All or nothing: import nothing if any row is rejected</source>
      <translation>全部或不导入：有任何一行被拒绝则不导入(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="29" />
      <source>Check</source>
      <translation>检查</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="71" />
      <source>Check cancelled.</source>
      <translation>检查已取消。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="62" />
      <source>Checking every row…</source>
      <translation>正在检查每一行…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="70" />
      <source>Checking {file}…</source>
      <translation>正在检查 {file}…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="42" />
      <source>Import the &amp;valid rows, report the rest</source>
      <translation>导入有效行，报告其余行(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="30" />
      <source>Nothing is written yet: this is what the import would do.</source>
      <translation>尚未写入任何数据：以下是导入将执行的操作。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_check_page.py" line="80" />
      <source>{rows} rows read: {ok} OK, {rejected} rejected, {doubtful} doubtful (usable, with warnings). {problems} problems listed below.</source>
      <translation>共读取 {rows} 行：{ok} 行正常，{rejected} 行被拒绝，{doubtful} 行存疑（可用，但有警告）。下方列出 {problems} 个问题。</translation>
    </message>
  </context>
  <context>
    <name>CloseRequestDialog</name>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="24" />
      <source>Close request</source>
      <translation>关闭询盘</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="40" />
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="41" />
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="39" />
      <source>Request</source>
      <translation>询盘</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/close_request_dialog.py" line="29" />
      <source>why, for the buyer's file</source>
      <translation>原因（记入买家档案）</translation>
    </message>
  </context>
  <context>
    <name>CompaniesPage</name>
    <message>
      <location filename="../../desktop_app/ui/companies_page.py" line="55" />
      <source>Company archived.</source>
      <translation>公司已归档。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/companies_page.py" line="55" />
      <source>Company restored.</source>
      <translation>公司已恢复。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/companies_page.py" line="43" />
      <source>Company “{name}” saved.</source>
      <translation>公司“{name}”已保存。</translation>
    </message>
  </context>
  <context>
    <name>CompanyFormDialog</name>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="39" />
      <source>13 digits, or 15 for an individual entrepreneur</source>
      <translation>13 位数字，个体经营者为 15 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="41" />
      <source>China customs registration number of a food exporter</source>
      <translation>食品出口商在中国海关总署的注册号</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="31" />
      <source>Edit company</source>
      <translation>编辑公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="31" />
      <source>New company</source>
      <translation>新建公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="38" />
      <source>Taxpayer number: 10 digits, or 12 for a person</source>
      <translation>纳税人识别号：10 位数字，个人为 12 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="37" />
      <source>The registered name, e.g. ООО «Ёлка»</source>
      <translation>注册名称，例如 ООО «Ёлка»</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/company_form_dialog.py" line="40" />
      <source>With the country code, e.g. +7 495 123-45-67</source>
      <translation>含国家代码，例如 +7 495 123-45-67</translation>
    </message>
  </context>
  <context>
    <name>DashboardPage</name>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="67" />
      <source>Accepted matches</source>
      <translation>已接受的匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="64" />
      <source>Active products</source>
      <translation>有效产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="63" />
      <source>Companies</source>
      <translation>公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="90" />
      <source>Matches by HS chapter</source>
      <translation>按海关编码章统计的匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="65" />
      <source>Open demand lines</source>
      <translation>未结需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="83" />
      <source>Run matching now (Ctrl+M)</source>
      <translation>立即运行匹配 (Ctrl+M)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="91" />
      <source>Score distribution</source>
      <translation>得分分布</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="66" />
      <source>Suggested matches</source>
      <translation>建议的匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/dashboard_page.py" line="76" />
      <source>There are products and demand but no matches yet. Run the matcher to score the demand against the products; Review then lists the candidates.</source>
      <translation>已有产品和需求，但尚无匹配。请运行匹配，将需求与产品进行评分；之后“审核”页面会列出候选。</translation>
    </message>
  </context>
  <context>
    <name>DatabaseBackups</name>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="171" />
      <source>&amp;Back up database…</source>
      <translation>备份数据库(&amp;B)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="173" />
      <source>&amp;Restore from backup…</source>
      <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="133" />
      <source>A copy of an ExportMatch SQLite database, schema {revision}, {size} KB, saved {at}.</source>
      <translation>ExportMatch SQLite 数据库副本，架构 {revision}，{size} KB，保存于 {at}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="143" />
      <source>A portable dump written by ExportMatch {version} from {backend} at {at}, schema {revision}: {rows} rows ({counts}).</source>
      <translation>由 ExportMatch {version} 于 {at} 从 {backend} 导出的可移植转储，架构 {revision}：{rows} 行（{counts}）。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="203" />
      <source>Backing up the database…</source>
      <translation>正在备份数据库…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="205" />
      <source>Backup cancelled.</source>
      <translation>备份已取消。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="196" />
      <source>Backup written: {path}</source>
      <translation>备份已写入：{path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="186" />
      <source>Copying the database…</source>
      <translation>正在复制数据库…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="217" />
      <source>ExportMatch backups (*.emdump *.sqlite3);;All files (*)</source>
      <translation>ExportMatch 备份 (*.emdump *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="265" />
      <source>Restore cancelled.</source>
      <translation>恢复已取消。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="215" />
      <source>Restore from backup</source>
      <translation>从备份恢复</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="252" />
      <source>Restored {file}.</source>
      <translation>已从 {file} 恢复。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="264" />
      <source>Restoring the database…</source>
      <translation>正在恢复数据库…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="254" />
      <source>The previous data was saved to {path}.</source>
      <translation>原有数据已保存到 {path}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/backup_dialog.py" line="230" />
      <source>{file}
{description}

Everything now in {database} will be replaced by the backup's data; changes made since the backup are lost. A safety copy of the current database is taken first.

Restore it?</source>
      <translation>{file}
{description}

{database} 中现有的全部数据将被备份中的数据替换；备份之后所做的更改将会丢失。恢复前会先为当前数据库创建一份安全副本。

确定要恢复吗？</translation>
    </message>
  </context>
  <context>
    <name>DealFitCombo</name>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_combo.py" line="17" />
      <source>Any deal fit</source>
      <translation>任意交易可行性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_combo.py" line="19" />
      <source>Deal: {fit}</source>
      <translation>交易：{fit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_combo.py" line="16" />
      <source>Show only candidates whose deal fits, conflicts or is unknown</source>
      <translation>仅显示交易可行、存在冲突或未知的候选</translation>
    </message>
  </context>
  <context>
    <name>DealFitTable</name>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Buyer</source>
      <translation>买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="58" />
      <source>Can the deal happen? A second judgement: it never changes the score.</source>
      <translation>交易能否达成？这是第二项判断：它不会改变得分。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Deal fit</source>
      <translation>交易可行性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Offer</source>
      <translation>报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/deal_fit_table.py" line="43" />
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
  </context>
  <context>
    <name>DemandPage</name>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="116" />
      <source>All buyers</source>
      <translation>所有买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="117" />
      <source>All provinces</source>
      <translation>所有省份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="183" />
      <source>Buyer</source>
      <translation>买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="215" />
      <source>Candidates</source>
      <translation>候选</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="185" />
      <source>Contact</source>
      <translation>联系方式</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="190" />
      <source>Deadline</source>
      <translation>交货期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="67" />
      <source>Deadline by</source>
      <translation>交货期截至</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="74" />
      <source>Filter:</source>
      <translation>筛选：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="60" />
      <source>HS chapter</source>
      <translation>海关编码章</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="186" />
      <source>HS code</source>
      <translation>海关编码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="189" />
      <source>Incoterms</source>
      <translation>贸易术语 (Incoterms)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="207" />
      <source>No matches yet</source>
      <translation>暂无匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="193" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="58" />
      <source>Only buyers in this province</source>
      <translation>仅此省份的买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="56" />
      <source>Only this buyer's lines</source>
      <translation>仅此买家的需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="184" />
      <source>Province</source>
      <translation>省份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="187" />
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="192" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="191" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="188" />
      <source>Target price</source>
      <translation>目标价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="65" />
      <source>With matches</source>
      <translation>有匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="64" />
      <source>With or without matches</source>
      <translation>有无匹配均可</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/demand_page.py" line="66" />
      <source>Without matches</source>
      <translation>无匹配</translation>
    </message>
  </context>
  <context>
    <name>ExchangeRatesDialog</name>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="77" />
      <source>&amp;Add</source>
      <translation>添加(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="85" />
      <source>&amp;Delete</source>
      <translation>删除(&amp;D)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="82" />
      <source>&amp;Import CSV…</source>
      <translation>导入 CSV(&amp;I)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>1 unit of</source>
      <translation>1 单位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="158" />
      <source>CSV files (*.csv);;All files (*)</source>
      <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="83" />
      <source>Columns: base, quote, rate, date (YYYY-MM-DD), source</source>
      <translation>列：base、quote、rate、date（YYYY-MM-DD）、source</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="50" />
      <source>Exchange rates</source>
      <translation>汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="158" />
      <source>Import exchange rates</source>
      <translation>导入汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="129" />
      <source>Older than {days} days: flagged where it is used</source>
      <translation>超过 {days} 天：在使用处标记</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>in</source>
      <translation>兑</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="59" />
      <source>is</source>
      <translation>等于</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="71" />
      <source>rate, e.g. 7.12</source>
      <translation>汇率，例如 7.12</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/exchange_rates_dialog.py" line="76" />
      <source>source, e.g. Bank of China</source>
      <translation>来源，例如 中国银行</translation>
    </message>
  </context>
  <context>
    <name>ExportPage</name>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="98" />
      <source>&amp;Browse…</source>
      <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="111" />
      <source>&amp;Check translations</source>
      <translation>检查翻译(&amp;C)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="101" />
      <source>&amp;Export</source>
      <translation>导出(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="139" />
      <source>&amp;Format:</source>
      <translation>格式(&amp;F)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="105" />
      <source>&amp;Open folder</source>
      <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="136" />
      <source>&amp;Regions:</source>
      <translation>地区(&amp;R)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="138" />
      <source>&amp;Split:</source>
      <translation>拆分(&amp;S)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="134" />
      <source>&amp;Template:</source>
      <translation>模板(&amp;T)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="133" />
      <source>&amp;What:</source>
      <translation>内容(&amp;W)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="71" />
      <source>Accepted matches (buyer, wanted, supplier)</source>
      <translation>已接受的匹配（买家、需求、供应商）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="137" />
      <source>B&amp;uyers:</source>
      <translation>买家(&amp;U)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="95" />
      <source>CSV, UTF-8 (.csv)</source>
      <translation>CSV，UTF-8 (.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="99" />
      <source>Choose where to write the export</source>
      <translation>选择导出文件的保存位置</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="298" />
      <source>Everything in this export is in the buyer's languages.</source>
      <translation>此导出中的所有内容均为买家的语言。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="94" />
      <source>Excel workbook (.xlsx)</source>
      <translation>Excel 工作簿 (.xlsx)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="251" />
      <source>Export cancelled; no file was written.</source>
      <translation>导出已取消；未写入文件。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="247" />
      <source>Export failed: {reason}</source>
      <translation>导出失败：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="194" />
      <source>Export to</source>
      <translation>导出到</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="320" />
      <source>Exported {rows} rows to {path}</source>
      <translation>已导出 {rows} 行至 {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="262" />
      <source>Exporting matches…</source>
      <translation>正在导出匹配…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="260" />
      <source>Exporting the supplier catalogue…</source>
      <translation>正在导出供应商目录…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="97" />
      <source>File to write</source>
      <translation>要写入的文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="135" />
      <source>HS &amp;chapters:</source>
      <translation>海关编码章(&amp;C)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="114" />
      <source>List what would reach the buyer untranslated, per column</source>
      <translation>按列列出将以未翻译形式发给买家的内容</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="90" />
      <source>One sheet per buyer</source>
      <translation>每个买家一个工作表</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="89" />
      <source>One table</source>
      <translation>单个表格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="91" />
      <source>One workbook per buyer (.zip)</source>
      <translation>每个买家一个工作簿 (.zip)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="87" />
      <source>Only matches for these buyers (matches only)</source>
      <translation>仅这些买家的匹配（仅适用于匹配导出）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="84" />
      <source>Only suppliers of regions whose name contains this</source>
      <translation>仅地区名称包含此内容的供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="81" />
      <source>Only these HS chapters (two digits), comma-separated</source>
      <translation>仅这些海关编码章（两位数字），以逗号分隔</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="106" />
      <source>Show the written file in the file manager</source>
      <translation>在文件管理器中显示已写入的文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="92" />
      <source>Split accepted matches by buyer (matches only)</source>
      <translation>按买家拆分已接受的匹配（仅适用于匹配导出）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="309" />
      <source>Suggest the missing product names…</source>
      <translation>建议缺失的产品名称…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="68" />
      <source>Supplier catalogue (active products)</source>
      <translation>供应商目录（有效产品）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="141" />
      <source>T&amp;arget:</source>
      <translation>目标(&amp;A)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="73" />
      <source>What the workbook lists</source>
      <translation>工作簿包含的内容</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="78" />
      <source>Which columns and header languages the file has</source>
      <translation>文件包含哪些列以及表头语言</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="307" />
      <source>Would reach the buyer untranslated:</source>
      <translation>将以未翻译形式发给买家：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="102" />
      <source>Write the export (Ctrl+E)</source>
      <translation>写入导出文件 (Ctrl+E)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="86" />
      <source>all; or buyer id or part of the name</source>
      <translation>全部；或买家编号或名称的一部分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="80" />
      <source>all; or e.g. 03, 15</source>
      <translation>全部；或例如 03, 15</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="83" />
      <source>all; or part of a region name</source>
      <translation>全部；或地区名称的一部分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/export_page.py" line="282" />
      <source>“{name}” is for the team (Russian headers): nothing to check.</source>
      <translation>“{name}”供团队使用（俄文表头）：无需检查。</translation>
    </message>
  </context>
  <context>
    <name>FilePage</name>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="41" />
      <source>&amp;Browse…</source>
      <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="33" />
      <source>An Excel workbook (.xlsx, .xls, .ods) or a text file (.csv). You can also drop the file here.</source>
      <translation>Excel 工作簿（.xlsx、.xls、.ods）或文本文件（.csv）。也可以将文件拖放到此处。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="44" />
      <source>Buyers' &amp;demand (Chinese requests)</source>
      <translation>买家需求（中方采购需求）(&amp;D)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="31" />
      <source>Choose a file</source>
      <translation>选择文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="42" />
      <source>Choose the file in a file dialog</source>
      <translation>在文件对话框中选择文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="45" />
      <source>Exporters' &amp;products</source>
      <translation>出口商产品(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="71" />
      <source>Import file</source>
      <translation>导入文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="39" />
      <source>Path of the file to import</source>
      <translation>要导入的文件路径</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="73" />
      <source>Spreadsheets ({patterns})</source>
      <translation>电子表格 ({patterns})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_file_page.py" line="53" />
      <source>The file holds:</source>
      <translation>文件内容：</translation>
    </message>
  </context>
  <context>
    <name>ImportWizard</name>
    <message>
      <location filename="../../desktop_app/ui/import_wizard.py" line="43" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
  </context>
  <context>
    <name>LayoutPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="47" />
      <source>&amp;Header row:</source>
      <translation>表头行(&amp;H)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="46" />
      <source>&amp;Sheet:</source>
      <translation>工作表(&amp;S)：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="32" />
      <source>Check the detected table; change the sheet or header row if needed.</source>
      <translation>请检查识别出的表格；如有需要，可更改工作表或表头行。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="99" />
      <source>Detected: sheet {sheet}, header in row {row}, {count} columns recognised.</source>
      <translation>已识别：工作表 {sheet}，表头位于第 {row} 行，识别出 {count} 列。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="105" />
      <source>No header row recognised: choose it, then map the columns by hand.</source>
      <translation>未识别出表头行：请选择表头行，然后手动映射各列。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="83" />
      <source>Reading cancelled.</source>
      <translation>读取已取消。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="63" />
      <source>Reading {file}…</source>
      <translation>正在读取 {file}…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="30" />
      <source>Sheet and header row</source>
      <translation>工作表和表头行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="38" />
      <source>The row whose cells name the columns</source>
      <translation>其单元格为列名的那一行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_layout_page.py" line="35" />
      <source>The sheet that holds the table</source>
      <translation>表格所在的工作表</translation>
    </message>
  </context>
  <context>
    <name>LinkProductDialog</name>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="61" />
      <source>&amp;Link</source>
      <translation>关联(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="37" />
      <source>&amp;Search</source>
      <translation>搜索(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="72" />
      <source>For: {text}</source>
      <translation>针对：{text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="46" />
      <source>HS</source>
      <translation>HS</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="31" />
      <source>Link a product by hand</source>
      <translation>手动关联产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="47" />
      <source>Price</source>
      <translation>价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="44" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="43" />
      <source>Ref</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="45" />
      <source>Supplier</source>
      <translation>供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="35" />
      <source>name, reference, HS code or supplier</source>
      <translation>名称、编号、HS 编码或供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/link_product_dialog.py" line="56" />
      <source>note (why this product fits)</source>
      <translation>备注（该产品为何合适）</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="309" />
      <source>&amp;About ExportMatch</source>
      <translation>关于 ExportMatch(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="258" />
      <source>&amp;Export…</source>
      <translation>导出(&amp;E)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="251" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="308" />
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="254" />
      <source>&amp;Import…</source>
      <translation>导入(&amp;I)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="305" />
      <source>&amp;Matching</source>
      <translation>匹配(&amp;M)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="290" />
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="302" />
      <source>&amp;Refresh</source>
      <translation>刷新(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="282" />
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="292" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="123" />
      <source>Audit</source>
      <translation>审计</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="117" />
      <source>Companies</source>
      <translation>公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="116" />
      <source>Dashboard</source>
      <translation>概览</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="362" />
      <source>Database: {name}</source>
      <translation>数据库：{name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="119" />
      <source>Demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="496" />
      <source>Demo data</source>
      <translation>演示数据</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="506" />
      <source>Demo data loaded.</source>
      <translation>演示数据已加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="122" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="262" />
      <source>Load &amp;demo data</source>
      <translation>加载演示数据(&amp;D)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="497" />
      <source>Load the demo data? It adds fictitious exporters, products and Chinese buyers' demand so you can try ExportMatch.</source>
      <translation>加载演示数据？将添加虚构的出口商、产品和中国买家需求，方便您试用 ExportMatch。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="519" />
      <source>Loading demo data…</source>
      <translation>正在加载演示数据…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="120" />
      <source>Matches</source>
      <translation>匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="149" />
      <source>Opening the database…</source>
      <translation>正在打开数据库…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="118" />
      <source>Products</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="354" />
      <source>Reading the data…</source>
      <translation>正在读取数据…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="121" />
      <source>Review</source>
      <translation>审核</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="526" />
      <source>Run matching?</source>
      <translation>运行匹配？</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="436" />
      <source>Settings saved.</source>
      <translation>设置已保存。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="527" />
      <source>The demo data is loaded. Run the matcher now? It scores the buyers' demand against the products (a few seconds), so Review, Matches and the dashboard have something to show. You can run it later with Matching &gt; Run matching (Ctrl+M).</source>
      <translation>演示数据已加载。现在运行匹配吗？匹配会将买家需求与产品进行评分（需要几秒钟），这样“审核”、“匹配”和“概览”页面就有内容可显示。您也可以稍后通过 匹配 &gt; 运行匹配 (Ctrl+M) 运行。</translation>
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
      <translation>（不导入）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/fields.py" line="129" />
      <source>FIELD_TITLE_LANGUAGE</source>
      <translation>zh</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="157" />
      <source>Field “{title}” (key {name})</source>
      <translation>字段“{title}”（键 {name}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>First value</source>
      <translation>首个值</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="189" />
      <source>Header</source>
      <translation>表头</translation>
    </message>
  </context>
  <context>
    <name>MappingPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="40" />
      <source>&amp;Apply profile</source>
      <translation>应用配置(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="39" />
      <source>Apply a mapping saved earlier</source>
      <translation>应用之前保存的映射</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="29" />
      <source>Column mapping</source>
      <translation>列映射</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="30" />
      <source>Each column of the file and the field it fills.</source>
      <translation>文件的每一列及其对应的字段。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="43" />
      <source>Keep this mapping for files in the same layout</source>
      <translation>为相同格式的文件保留此映射</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="91" />
      <source>Map at least two columns to fields.</source>
      <translation>请至少将两列映射到字段。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="135" />
      <source>Mapping saved as profile {name}.</source>
      <translation>映射已保存为配置 {name}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="122" />
      <source>Name:</source>
      <translation>名称：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="112" />
      <source>Profile {name} applied.</source>
      <translation>已应用配置 {name}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="48" />
      <source>Profile:</source>
      <translation>配置：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="42" />
      <source>Save as &amp;profile…</source>
      <translation>另存为配置(&amp;P)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="122" />
      <source>Save profile</source>
      <translation>保存配置</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_mapping_page.py" line="86" />
      <source>Several columns fill {fields}; only one is imported.</source>
      <translation>多列对应 {fields}；只会导入其中一列。</translation>
    </message>
  </context>
  <context>
    <name>MatchCard</name>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="132" />
      <source> by {name}</source>
      <translation>（审核人：{name}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="161" />
      <source>Buyer</source>
      <translation>买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="79" />
      <source>Buyer wants</source>
      <translation>买家需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="172" />
      <source>Deadline</source>
      <translation>交货期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="81" />
      <source>Exporter offers</source>
      <translation>出口商供应</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="163" />
      <source>HS code</source>
      <translation>海关编码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="190" />
      <source>Price</source>
      <translation>价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="162" />
      <source>Province</source>
      <translation>省份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="165" />
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="188" />
      <source>Region</source>
      <translation>地区</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="187" />
      <source>Supplier</source>
      <translation>供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/match_card.py" line="134" />
      <source>Verdict: {verdict} · Status: {status}{reviewer}</source>
      <translation>结论：{verdict} · 状态：{status}{reviewer}</translation>
    </message>
  </context>
  <context>
    <name>MatchesPage</name>
    <message>
      <location filename="../../desktop_app/ui/matches_page.py" line="35" />
      <source>Open in &amp;Review</source>
      <translation>在审核中打开(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matches_page.py" line="36" />
      <source>Show the selected match on the review workbench</source>
      <translation>在审核工作台上显示所选匹配</translation>
    </message>
  </context>
  <context>
    <name>MatchesTableModel</name>
    <message>
      <location filename="../../desktop_app/ui/matches_table_model.py" line="56" />
      <source>Deal fit</source>
      <translation>交易可行性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matches_table_model.py" line="151" />
      <source>Judging the deal fit of the listed matches…</source>
      <translation>正在评估列表中匹配项的交易可行性…</translation>
    </message>
  </context>
  <context>
    <name>MatchingRunner</name>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="55" />
      <source>&amp;Run matching</source>
      <translation>运行匹配(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="62" />
      <source>Match &amp;changed only</source>
      <translation>仅匹配已更改的记录(&amp;C)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="121" />
      <source>Matching cancelled; the candidates were not changed.</source>
      <translation>匹配已取消；候选未更改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="86" />
      <source>Matching changed records…</source>
      <translation>正在匹配已更改的记录…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="101" />
      <source>Matching done: {lines} of {total} open demand lines scored against {products} products, {candidates} candidates stored, {kept} decisions kept ({seconds:.1f} s).</source>
      <translation>匹配完成：{total} 条未结需求中的 {lines} 条已与 {products} 个产品比对，保存 {candidates} 个候选，保留 {kept} 个决定（{seconds:.1f} 秒）。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="117" />
      <source>Matching failed; the candidates were not changed.</source>
      <translation>匹配失败；候选未更改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="86" />
      <source>Matching…</source>
      <translation>正在匹配…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="65" />
      <source>Re-score only demand lines and products added or edited since the last run</source>
      <translation>仅重新评分自上次运行以来新增或修改的需求和产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/matching_runner.py" line="58" />
      <source>Score every open demand line against the active products (Ctrl+M)</source>
      <translation>将每条未结需求与所有有效产品进行评分 (Ctrl+M)</translation>
    </message>
  </context>
  <context>
    <name>NameSuggestionsDialog</name>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="81" />
      <source>&amp;Store suggestions</source>
      <translation>保存建议(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="54" />
      <source>Chinese name from</source>
      <translation>中文名称来源</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="95" />
      <source>HS nomenclature (Chinese tariff)</source>
      <translation>HS 商品目录（中国海关税则）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="51" />
      <source>Product (Russian)</source>
      <translation>产品（俄文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="52" />
      <source>Suggested Chinese</source>
      <translation>建议的中文名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="53" />
      <source>Suggested English</source>
      <translation>建议的英文名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="35" />
      <source>Suggested names</source>
      <translation>建议名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="93" />
      <source>glossary</source>
      <translation>术语表</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="97" />
      <source>trade name of the same good</source>
      <translation>同一商品的商品名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/name_suggestions_dialog.py" line="38" />
      <source>{count} products have no Chinese or no English name. These names were built from their Russian names and HS codes. Untick a row to leave it out; double-click a name to edit it. Stored suggestions are marked as such in exports until the exporter accepts them in the product form.</source>
      <translation>{count} 个产品缺少中文名或英文名。这些名称是根据其俄文名称和 HS 编码生成的。取消勾选某行即可将其排除；双击名称可进行编辑。已保存的建议在导出中会标注为建议，直到出口商在产品表单中接受它们。</translation>
    </message>
  </context>
  <context>
    <name>PoolDialog</name>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="154" />
      <source> {company} alone could deliver it.</source>
      <translation> {company} 可单独供货。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="100" />
      <source>&amp;Accept pooled offer</source>
      <translation>接受联合报价(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="102" />
      <source>&amp;Withdraw pooled offer</source>
      <translation>撤回联合报价(&amp;W)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="159" />
      <source>&lt;b&gt;{text}&lt;/b&gt;&lt;br&gt;{buyer} wants {quantity} {unit} by {deadline}.{alone}</source>
      <translation>&lt;b&gt;{text}&lt;/b&gt;&lt;br&gt;{buyer} 需要在 {deadline} 前采购 {quantity} {unit}。{alone}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="73" />
      <source>Best match first</source>
      <translation>最佳匹配优先</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="83" />
      <source>Can make by deadline</source>
      <translation>截止日期前可生产</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="72" />
      <source>Cheapest first</source>
      <translation>最便宜优先</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="104" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="232" />
      <source>Covered {covered} of {quantity} {unit}; shortfall {shortfall} {unit}. Price range {range} per {unit}; total {total}.</source>
      <translation>已覆盖 {covered} / {quantity} {unit}；缺口 {shortfall} {unit}。价格区间 每 {unit} {range}；总计 {total}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="254" />
      <source>In force: pooled offer {id} of {count} supplier(s), by {who} on {when}.</source>
      <translation>生效中：联合报价 {id}，共 {count} 家供应商，由 {who} 于 {when} 提交。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="86" />
      <source>Incoterms / why no share</source>
      <translation>Incoterms / 无份额原因</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="82" />
      <source>MOQ</source>
      <translation>MOQ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="251" />
      <source>No pooled offer is in force for this request.</source>
      <translation>此询盘没有生效中的联合报价。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="60" />
      <source>Pooled offer</source>
      <translation>联合报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="84" />
      <source>Price</source>
      <translation>价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="80" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="81" />
      <source>Score</source>
      <translation>得分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="85" />
      <source>Share</source>
      <translation>份额</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/pool_dialog.py" line="79" />
      <source>Supplier</source>
      <translation>供应商</translation>
    </message>
  </context>
  <context>
    <name>ProblemsModel</name>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="283" />
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="284" />
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="287" />
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="282" />
      <source>Row</source>
      <translation>行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="286" />
      <source>Severity</source>
      <translation>严重程度</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="285" />
      <source>Value</source>
      <translation>值</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="260" />
      <source>error</source>
      <translation>错误</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_models.py" line="260" />
      <source>warning</source>
      <translation>警告</translation>
    </message>
  </context>
  <context>
    <name>ProductFormDialog</name>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="160" />
      <source>&amp;Suggest names</source>
      <translation>建议名称(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="166" />
      <source>&amp;Use suggestion</source>
      <translation>使用建议(&amp;U)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="113" />
      <source>30, 12 months, 2 years</source>
      <translation>30、12 个月、2 年</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="80" />
      <source>A name in one language is enough; give the others if you have them</source>
      <translation>填写一种语言的名称即可；如有其他语言的名称，也请填写</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="163" />
      <source>Build Chinese and English names from the Russian name and the HS code</source>
      <translation>根据俄文名称和 HS 编码生成中文和英文名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="108" />
      <source>CNY, USD, RUB, EUR, …</source>
      <translation>CNY、USD、RUB、EUR…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="169" />
      <source>Copy the suggestion into the empty name fields; edit it there if needed</source>
      <translation>将建议复制到空的名称字段中；如有需要可在其中编辑</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="92" />
      <source>Digits of the HS / TN VED code, or words to search: «sunflower oil»</source>
      <translation>海关编码 (HS / ТН ВЭД) 的数字，或搜索词：“葵花籽油”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="64" />
      <source>Edit product</source>
      <translation>编辑产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="85" />
      <source>Fields marked * are required, and a name in at least one language.</source>
      <translation>标有 * 的字段为必填项，且至少需要填写一种语言的名称。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="105" />
      <source>In the currency below, per unit above</source>
      <translation>按下方的币种、上方的单位计价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="101" />
      <source>In the unit above</source>
      <translation>以上方的单位计</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="64" />
      <source>New product</source>
      <translation>新建产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="228" />
      <source>No suggestion: the glossary recognises no product in the name and the HS code names none</source>
      <translation>无建议：术语表未从名称中识别出商品，HS 编码也未给出商品名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="110" />
      <source>Rule and place: FOB Vladivostok</source>
      <translation>术语和地点：FOB 符拉迪沃斯托克</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="312" />
      <source>Searching: choose a code from the list</source>
      <translation>搜索：请从列表中选择编码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="315" />
      <source>Searching: no heading has these words; try others or type the digits</source>
      <translation>搜索：没有品目包含这些词；请换其他词或直接输入数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="314" />
      <source>Searching: reading the nomenclature…</source>
      <translation>搜索中：正在读取商品目录…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="181" />
      <source>Suggested names</source>
      <translation>建议名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="88" />
      <source>Your article or SKU</source>
      <translation>您的货号或 SKU</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="100" />
      <source>kg, t, pcs, m3, …</source>
      <translation>kg、t、件、m3…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="203" />
      <source>none yet: Suggest names builds them from the Russian name</source>
      <translation>暂无：“建议名称”会根据俄文名称生成</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="193" />
      <source>{names} (Chinese name from the HS nomenclature)</source>
      <translation>{names}（中文名称来自 HS 商品目录）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="195" />
      <source>{names} (Chinese name from the glossary)</source>
      <translation>{names}（中文名称来自术语表）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="197" />
      <source>{names} (Chinese name of the same good's trade name)</source>
      <translation>{names}（同一商品商品名的中文名称）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/product_form_dialog.py" line="247" />
      <source>— choose —</source>
      <translation>— 请选择 —</translation>
    </message>
  </context>
  <context>
    <name>ProductsPage</name>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="39" />
      <source>&amp;Duplicate</source>
      <translation>复制(&amp;D)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="66" />
      <source>Every product has Chinese and English names or no suggestion.</source>
      <translation>每个产品都有中文和英文名称，或没有可用建议。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="126" />
      <source>Product archived.</source>
      <translation>产品已归档。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="111" />
      <source>Product duplicated as a draft.</source>
      <translation>产品已复制为草稿。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="126" />
      <source>Product restored.</source>
      <translation>产品已恢复。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="101" />
      <source>Product “{name}” saved.</source>
      <translation>产品“{name}”已保存。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="42" />
      <source>Suggest &amp;missing names…</source>
      <translation>建议缺失名称(&amp;M)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/products_page.py" line="76" />
      <source>{count} suggested names stored.</source>
      <translation>已保存 {count} 个建议名称。</translation>
    </message>
  </context>
  <context>
    <name>RecordActionsPage</name>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="31" />
      <source>&amp;Archive</source>
      <translation>归档(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="29" />
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="28" />
      <source>&amp;New</source>
      <translation>新建(&amp;N)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="34" />
      <source>Res&amp;tore</source>
      <translation>恢复(&amp;T)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_actions_page.py" line="36" />
      <source>Show archived</source>
      <translation>显示已归档</translation>
    </message>
  </context>
  <context>
    <name>RecordFormDialog</name>
    <message>
      <location filename="../../desktop_app/ui/record_form_dialog.py" line="72" />
      <source>Fields marked * are required.</source>
      <translation>标有 * 的字段为必填项。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_form_dialog.py" line="67" />
      <source>Save (Ctrl+S); a field with a problem is shown and nothing is saved</source>
      <translation>保存 (Ctrl+S)；如有字段存在问题，将突出显示该字段，且不保存任何内容</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/record_form_dialog.py" line="335" />
      <source>Save your changes before closing?</source>
      <translation>关闭前保存更改？</translation>
    </message>
  </context>
  <context>
    <name>RequestCandidatesPanel</name>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="87" />
      <source>&amp;Close request…</source>
      <translation>关闭询盘(&amp;C)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="82" />
      <source>&amp;Link product…</source>
      <translation>关联产品(&amp;L)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="78" />
      <source>Accept selected</source>
      <translation>接受所选</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="239" />
      <source>Closed as {outcome}: “{demand}” ({reason})</source>
      <translation>已关闭，结果为 {outcome}：“{demand}”（{reason}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="70" />
      <source>Deal fit</source>
      <translation>交易可行性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="89" />
      <source>Fulfilled, withdrawn, expired, or no supplier: with a reason</source>
      <translation>已履行、已撤回、已过期或无供应商：需注明原因</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="212" />
      <source>Linked by hand: product {id} to “{demand}”</source>
      <translation>已手动关联：产品 {id} 关联到“{demand}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="66" />
      <source>Offered product</source>
      <translation>供应的产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="80" />
      <source>Reject selected</source>
      <translation>拒绝所选</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="65" />
      <source>Score</source>
      <translation>得分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="84" />
      <source>Search the catalogue for a product the matcher missed</source>
      <translation>在目录中搜索匹配程序遗漏的产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="69" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="68" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="67" />
      <source>Supplier</source>
      <translation>供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="151" />
      <source>manual</source>
      <translation>手动</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="151" />
      <source>matcher</source>
      <translation>匹配程序</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/request_candidates_panel.py" line="185" />
      <source>{status}: {product} for “{demand}”</source>
      <translation>{status}：{product}，对应需求“{demand}”</translation>
    </message>
  </context>
  <context>
    <name>ResultPage</name>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="40" />
      <source>&amp;Save report…</source>
      <translation>保存报告(&amp;S)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="78" />
      <source>Done: {outcome}.</source>
      <translation>完成：{outcome}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="114" />
      <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
      <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="33" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="97" />
      <source>Import cancelled; nothing was written.</source>
      <translation>导入已取消；未写入任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="89" />
      <source>Import failed; nothing was written.</source>
      <translation>导入失败；未写入任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="79" />
      <source>Import finished: {outcome}.</source>
      <translation>导入完成：{outcome}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="59" />
      <source>Importing {file}…</source>
      <translation>正在导入 {file}…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="131" />
      <source>Report saved to {path}.</source>
      <translation>报告已保存至 {path}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="112" />
      <source>Save report</source>
      <translation>保存报告</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="87" />
      <source>The import failed; nothing was written. {reason}</source>
      <translation>导入失败；未写入任何数据。{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/import_result_page.py" line="41" />
      <source>Write the problems to an .xlsx or .csv file</source>
      <translation>将问题写入 .xlsx 或 .csv 文件</translation>
    </message>
  </context>
  <context>
    <name>ReviewFilterBar</name>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="111" />
      <source>All buyers</source>
      <translation>所有买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="112" />
      <source>All regions</source>
      <translation>所有地区</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="41" />
      <source>Any status</source>
      <translation>任意状态</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="45" />
      <source>Any verdict</source>
      <translation>任意判定</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="59" />
      <source>HS chapter</source>
      <translation>HS 章</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="52" />
      <source>Highest score shown</source>
      <translation>显示的最高分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="51" />
      <source>Lowest score shown</source>
      <translation>显示的最低分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="85" />
      <source>Score</source>
      <translation>得分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="65" />
      <source>The exporter's region or the buyer's province</source>
      <translation>出口商所在地区或买方所在省份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_filter_bar.py" line="60" />
      <source>The first two digits of the HS code, e.g. 15</source>
      <translation>HS 编码的前两位，例如 15</translation>
    </message>
  </context>
  <context>
    <name>ReviewHistoryPanel</name>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="97" />
      <source> (undone)</source>
      <translation> （已撤销）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="60" />
      <source>Undo selected</source>
      <translation>撤销所选</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="54" />
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="54" />
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_history_panel.py" line="54" />
      <source>Who</source>
      <translation>操作人</translation>
    </message>
  </context>
  <context>
    <name>ReviewPage</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="637" />
      <source>%n match(es) accepted (Ctrl+Z undoes them all).</source>
      <translation>
        <numerusform>已接受 %n 个匹配（按 Ctrl+Z 可全部撤销）。</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="587" />
      <source>%n term(s) added to the glossary.</source>
      <translation>
        <numerusform>已向术语表添加 %n 个术语。</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="151" />
      <source>&amp;Accept</source>
      <translation>接受(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="161" />
      <source>&amp;Bulk accept…</source>
      <translation>批量接受(&amp;B)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="170" />
      <source>&amp;Pool…</source>
      <translation>联合报价(&amp;P)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="152" />
      <source>&amp;Reject</source>
      <translation>拒绝(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="153" />
      <source>&amp;Skip</source>
      <translation>跳过(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="154" />
      <source>&amp;Undo</source>
      <translation>撤销(&amp;U)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="161" />
      <source>Accept every strong suggestion</source>
      <translation>接受所有高分建议</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="151" />
      <source>Accept this match (A)</source>
      <translation>接受此匹配 (A)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="649" />
      <source>Accepting matches…</source>
      <translation>正在接受匹配…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="651" />
      <source>Bulk accept cancelled; nothing was changed.</source>
      <translation>批量接受已取消；未做任何更改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="373" />
      <source>Every decision is recorded with who made it. Record yours as:
(you can change it later in File &gt; Settings)</source>
      <translation>每个决定都会记录决定人。您的决定将记录为：
（以后可在 文件 &gt; 设置 中更改）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="216" />
      <source>History</source>
      <translation>历史</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="269" />
      <source>Judging the deal fit…</source>
      <translation>正在评估交易可行性…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="153" />
      <source>Leave it undecided and go on (S)</source>
      <translation>暂不决定，继续下一条 (S)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="381" />
      <source>No reviewer name; nothing was decided.</source>
      <translation>未填写审核人姓名；未做任何决定。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="444" />
      <source>Nothing to undo.</source>
      <translation>没有可撤销的操作。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="152" />
      <source>Reject this match (R)</source>
      <translation>拒绝此匹配 (R)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="565" />
      <source>Review</source>
      <translation>审核</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="171" />
      <source>Split this request among several suppliers (a pooled offer)</source>
      <translation>将此询盘分配给多家供应商（联合报价）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="574" />
      <source>Teach the glossary?</source>
      <translation>补充术语表？</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="575" />
      <source>This match crossed languages without a glossary concept explaining it. Add these terms to the glossary as one concept, so the next match is found by meaning?

{terms}</source>
      <translation>此匹配跨越语言，但没有术语表中的概念能够解释它。是否将这些术语作为一个概念加入术语表，以便下次按含义找到匹配？

{terms}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="215" />
      <source>This request</source>
      <translation>此询盘</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="154" />
      <source>Undo your last action (Ctrl+Z)</source>
      <translation>撤销您的上一个操作 (Ctrl+Z)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="237" />
      <source>Undone.</source>
      <translation>已撤销。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="478" />
      <source>Undone: {action}.</source>
      <translation>已撤销：{action}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="372" />
      <source>Your name as reviewer</source>
      <translation>您的审核人姓名</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/review_page.py" line="622" />
      <source>bulk accept of %n match(es)</source>
      <translation>
        <numerusform>批量接受 %n 个匹配</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="306" />
      <source>{reviewed} of {total} reviewed</source>
      <translation>已审核 {reviewed} / {total}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_page.py" line="408" />
      <source>{status}: {product} for “{demand}”</source>
      <translation>{status}：{product}，对应需求“{demand}”</translation>
    </message>
  </context>
  <context>
    <name>ReviewQueueModel</name>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="69" />
      <source>Buyer</source>
      <translation>买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="74" />
      <source>Deal fit</source>
      <translation>交易可行性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="209" />
      <source>Judging the deal fit of the listed matches…</source>
      <translation>正在评估列表中匹配项的交易可行性…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="70" />
      <source>Offered product</source>
      <translation>供应的产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="73" />
      <source>Reviewer</source>
      <translation>审核人</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="66" />
      <source>Score</source>
      <translation>得分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="67" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="71" />
      <source>Supplier</source>
      <translation>供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="72" />
      <source>Verdict</source>
      <translation>结论</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/review_queue_model.py" line="68" />
      <source>Wanted product</source>
      <translation>需求的产品</translation>
    </message>
  </context>
  <context>
    <name>ScoreBars</name>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="25" />
      <source>Attributes</source>
      <translation>属性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="23" />
      <source>Glossary concept</source>
      <translation>术语表概念</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="24" />
      <source>HS agreement</source>
      <translation>海关编码一致性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="26" />
      <source>Model / grade</source>
      <translation>型号 / 等级</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/score_bars.py" line="22" />
      <source>Name similarity</source>
      <translation>名称相似度</translation>
    </message>
  </context>
  <context>
    <name>ScreenSkeleton</name>
    <message>
      <location filename="../../desktop_app/ui/screen_skeleton.py" line="29" />
      <source>Opening the database…</source>
      <translation>正在打开数据库…</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="88" />
      <source>A SQLite file, or postgresql://user:password@host/dbname; empty: default</source>
      <translation>SQLite 文件，或 postgresql://用户:密码@主机/数据库名；留空则使用默认值</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="168" />
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="90" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="250" />
      <source>Cannot connect: {reason}</source>
      <translation>无法连接：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="245" />
      <source>Connected to {name}.</source>
      <translation>已连接到 {name}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="241" />
      <source>Connecting…</source>
      <translation>正在连接…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="98" />
      <source>Database</source>
      <translation>数据库</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="171" />
      <source>Deal fit and pooled offers</source>
      <translation>交易可行性与联合报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="143" />
      <source>Exchange &amp;rates…</source>
      <translation>汇率(&amp;R)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="170" />
      <source>Exchange rates</source>
      <translation>汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="169" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="167" />
      <source>Import limits</source>
      <translation>导入限制</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="106" />
      <source>Interface language</source>
      <translation>界面语言</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="166" />
      <source>Matching</source>
      <translation>匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="144" />
      <source>Rates used to compare prices in other currencies</source>
      <translation>用于比较其他货币价格的汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="111" />
      <source>Reviewer name</source>
      <translation>审核人姓名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="229" />
      <source>SQLite database file</source>
      <translation>SQLite 数据库文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="231" />
      <source>SQLite databases (*.sqlite3 *.db);;All files (*)</source>
      <translation>SQLite 数据库 (*.sqlite3 *.db);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="76" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="142" />
      <source>Shared by everybody using this database:</source>
      <translation>此数据库的所有用户共享：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="109" />
      <source>Stamped on every review decision you make</source>
      <translation>记录在您做出的每个审核决定上</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="92" />
      <source>Test connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/settings_dialog.py" line="83" />
      <source>This computer</source>
      <translation>本机</translation>
    </message>
  </context>
  <context>
    <name>TablePage</name>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/table_page.py" line="173" />
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n 条记录</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/table_page.py" line="54" />
      <source>Every word must match the start of a word; Chinese matches as a phrase</source>
      <translation>每个词须与某个词的开头匹配；中文按短语匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/table_page.py" line="165" />
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/table_page.py" line="52" />
      <source>Search…</source>
      <translation>搜索…</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/ui/table_page.py" line="169" />
      <source>at least %n record(s), counting…</source>
      <translation>
        <numerusform>至少 %n 条记录，正在计数…</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TaskManager</name>
    <message>
      <location filename="../../desktop_app/ui/tasks.py" line="124" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <location filename="../../desktop_app/ui/main_window.py" line="379" />
      <source>Cannot open the database</source>
      <translation>无法打开数据库</translation>
    </message>
  </context>
  <context>
    <name>core</name>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="287" />
      <source>   HS agreement: {level}</source>
      <translation>   海关编码一致性：{level}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="310" />
      <source>   lowered by {points:.0f}: other offers read as close or closer</source>
      <translation>   降低 {points:.0f} 分：其他报价同样接近或更接近</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="316" />
      <source>   lowered by {points:.0f}: the offer reads as close or closer to another request</source>
      <translation>   降低 {points:.0f} 分：该报价与另一询盘同样接近或更接近</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="304" />
      <source>   lowered by {points:.0f}: {reason} {detail}</source>
      <translation>   扣减 {points:.0f} 分：{reason} {detail}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="353" />
      <source>   parts: {parts}</source>
      <translation>   组成部分：{parts}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="294" />
      <source>   raised by {points:.0f}: it stands out from the other offers</source>
      <translation>   提高 {points:.0f} 分：明显优于其他报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="289" />
      <source>   same codes: {codes}</source>
      <translation>   相同编码：{codes}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="282" />
      <source>   shared concepts: {concepts}</source>
      <translation>   共同概念：{concepts}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="55" />
      <source>  -  {name}: no share, {reason}</source>
      <translation>  -  {name}：无份额，{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="77" />
      <source>  covered {covered} of {quantity} {unit}, shortfall {shortfall} {unit}</source>
      <translation>  已覆盖 {covered} / {quantity} {unit}，缺口 {shortfall} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="49" />
      <source>  no accepted or suggested supplier; run the matcher or link one</source>
      <translation>  没有已接受或建议的供应商；请运行匹配程序或手动关联一个</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="338" />
      <source>  no candidates; run the matcher first</source>
      <translation>  无候选；请先运行匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="85" />
      <source>  price range {range}/{unit}, total {total}</source>
      <translation>  价格区间 {range}/{unit}，总计 {total}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="33" />
      <source>  {buyer} wants {quantity} {unit} by {deadline}, prices in {currency}; {by}</source>
      <translation>  {buyer} 需要 {quantity} {unit}，截止 {deadline}，价格以 {currency} 计；{by}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="44" />
      <source>  {company} alone can deliver the whole quantity</source>
      <translation>  {company} 可单独供应全部数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="59" />
      <source>  {share:&gt;12} {unit}  {name}  MOQ {moq}, can make {capacity}; {price}/{unit} {terms}</source>
      <translation>  {share:&gt;12} {unit}  {name}  MOQ {moq}，可生产 {capacity}；{price}/{unit} {terms}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="200" />
      <source> (a 15-digit number is an old business licence number, 注册号)</source>
      <translation>（15 位数字为旧版营业执照注册号）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="80" />
      <source> (a spreadsheet may have dropped its leading zero: 0{digits} is valid)</source>
      <translation>（电子表格可能丢失了前导零：0{digits} 是有效的）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="352" />
      <source> (copy)</source>
      <translation>（副本）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="88" />
      <source> (if a spreadsheet dropped its leading zero, the code is 0{digits})</source>
      <translation>（如果电子表格丢失了前导零，编码应为 0{digits}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/rates_cmd.py" line="49" />
      <source> (old)</source>
      <translation> （旧）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="62" />
      <source> (older than the allowed age)</source>
      <translation> （超过允许的期限）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="127" />
      <source>"{alias}" read as the Incoterms rule {code}</source>
      <translation>“{alias}”被识别为贸易术语 {code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="166" />
      <source>"{code}" is not an Incoterms 2020 rule; did you mean {suggestion}?</source>
      <translation>“{code}”不是 Incoterms 2020 贸易术语；您是否指 {suggestion}？</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="169" />
      <source>"{code}" is not an Incoterms 2020 rule; the rules are {rules}</source>
      <translation>“{code}”不是 Incoterms 2020 贸易术语；可用术语为 {rules}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="37" />
      <source>"{label}" is not a valid part of a domain name</source>
      <translation>“{label}”不是域名的有效部分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="176" />
      <source>"{text}" does not start with a number</source>
      <translation>“{text}”不是以数字开头</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="234" />
      <source>"{text}" is an email address, not a website</source>
      <translation>“{text}”是电子邮箱地址，不是网站</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="337" />
      <source>"{text}" is not a date; write 2026-12-01, 01.12.2026 or 2026年12月1日</source>
      <translation>“{text}”不是日期；请写成 2026-12-01、01.12.2026 或 2026年12月1日</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="357" />
      <source>"{text}" is not a duration</source>
      <translation>“{text}”不是期限</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="179" />
      <source>"{text}" is not a number</source>
      <translation>“{text}”不是数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="243" />
      <source>"{text}" is not a price</source>
      <translation>“{text}”不是价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="241" />
      <source>"{text}" is not a valid web address</source>
      <translation>“{text}”不是有效的网址</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="158" />
      <source>"{text}" is {multiplier} {unit}; quote the price per {unit}</source>
      <translation>“{text}”为 {multiplier} {unit}；请按每 {unit} 报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="365" />
      <source>"{text}": unknown unit of time; write days, months or years</source>
      <translation>“{text}”：未知的时间单位；请写天、月或年</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="40" />
      <source>"{top}" is not a top-level domain such as .ru, .cn or .com</source>
      <translation>“{top}”不是 .ru、.cn 或 .com 之类的顶级域名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="186" />
      <source>; and {count} more</source>
      <translation>；另有 {count} 项</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="177" />
      <source>A Chinese landline number has 10 or 11 digits (area code and number), this one has {count}</source>
      <translation>中国固定电话号码为 10 或 11 位（区号加号码），此号码为 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="171" />
      <source>A Chinese mobile number has 11 digits starting 13-19, this one is {number}</source>
      <translation>中国手机号码为 11 位，以 13–19 开头，此号码为 {number}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="146" />
      <source>A company's OGRN starts with 1 or 5, this one with {digit}: it may be the number of a later registry entry (GRN) rather than the OGRN</source>
      <translation>公司的 OGRN 以 1 或 5 开头，此号码以 {digit} 开头：可能是后续登记记录号 (GRN)，而不是 OGRN</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="69" />
      <source>A different good this close to a suggestion makes it ambiguous</source>
      <translation>与建议分数如此接近的其他商品会使其不确定</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="151" />
      <source>A number with +7 has 10 digits after the 7, this one has {count}</source>
      <translation>以 +7 开头的号码在 7 之后应有 10 位数字，此号码为 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="154" />
      <source>A sole trader's OGRNIP starts with 3, this one with {digit}: it may be the number of a later registry entry (GRNIP) rather than the OGRNIP</source>
      <translation>个体经营者的 OGRNIP 以 3 开头，此号码以 {digit} 开头：可能是后续登记记录号 (GRNIP)，而不是 OGRNIP</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="245" />
      <source>A website starts with http:// or https://, not "{scheme}://"</source>
      <translation>网站地址以 http:// 或 https:// 开头，而不是“{scheme}://”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="691" />
      <source>Accepting matches…</source>
      <translation>正在接受匹配…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="160" />
      <source>An international number has 8 to 15 digits, this one has {count}</source>
      <translation>国际号码为 8 到 15 位数字，此号码为 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="73" />
      <source>Archived</source>
      <translation>已归档</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="81" />
      <source>At most {limit} characters</source>
      <translation>最多 {limit} 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="125" />
      <source>Automatic backups to keep</source>
      <translation>保留的自动备份数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="35" />
      <source>Buyer</source>
      <translation>买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="142" />
      <source>Buyer #{id}</source>
      <translation>买家 #{id}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="139" />
      <source>Buyer's currency when a request names none</source>
      <translation>询盘未指定货币时使用的买家货币</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="79" />
      <source>Candidates fully scored per demand line</source>
      <translation>每条需求完整评分的候选数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="77" />
      <source>Candidates kept per demand line</source>
      <translation>每条需求保留的候选数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="272" />
      <source>Cannot open the lock file {path}: {reason}</source>
      <translation>无法打开锁文件 {path}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="69" />
      <source>Cannot read the backup {path}: {reason}</source>
      <translation>无法读取备份 {path}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="110" />
      <source>Cannot read the database {path}: {reason}</source>
      <translation>无法读取数据库 {path}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs_catalog.py" line="735" />
      <source>Cannot read the nomenclature file {path}: {reason}. Reinstall ExportMatch.</source>
      <translation>无法读取商品目录文件 {path}：{reason}。请重新安装 ExportMatch。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="214" />
      <source>Cannot tell the country of this phone number; write it with a country code, e.g. +7 916 123-45-67 or +86 138 0013 8000</source>
      <translation>无法判断此电话号码所属国家；请加上国家代码，例如 +7 916 123-45-67 或 +86 138 0013 8000</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="116" />
      <source>Cannot use the database {where}: {reason}</source>
      <translation>无法使用数据库 {where}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="78" />
      <source>Carriage Paid To: the seller pays carriage to the named destination</source>
      <translation>运费付至 (CPT)：卖方支付至指定目的地的运费</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="79" />
      <source>Carriage and Insurance Paid To: carriage and insurance to the named destination</source>
      <translation>运费和保险费付至 (CIP)：卖方支付至指定目的地的运费和保险费</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="299" />
      <source>Checking the backup</source>
      <translation>正在检查备份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="112" />
      <source>Choose the company that offers the product</source>
      <translation>选择供应该产品的公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/template.py" line="35" />
      <source>Columns</source>
      <translation>列</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="33" />
      <source>Company</source>
      <translation>公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="229" />
      <source>Company {id} does not exist</source>
      <translation>公司 {id} 不存在</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/companies.py" line="112" />
      <source>Company {id} does not exist (it may have been deleted)</source>
      <translation>公司 {id} 不存在（可能已被删除）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="70" />
      <source>Contact</source>
      <translation>联系方式</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="89" />
      <source>Cost and Freight: the seller pays sea freight to the port of destination</source>
      <translation>成本加运费 (CFR)：卖方支付至目的港的海运费</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="90" />
      <source>Cost, Insurance and Freight: sea freight and insurance to the port of destination</source>
      <translation>成本、保险费加运费 (CIF)：卖方支付至目的港的海运费和保险费</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="51" />
      <source>Could not back up {source} to {target}: {reason}</source>
      <translation>无法将 {source} 备份到 {target}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="58" />
      <source>Could not write the backup {target}: {reason}</source>
      <translation>无法写入备份 {target}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="196" />
      <source>Could not write the dump {target}: {reason}</source>
      <translation>无法写入转储 {target}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="93" />
      <source>Currency</source>
      <translation>币种</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="203" />
      <source>Currency code {code} is not in the currency table; check it, or add it to resources/reference/currencies.csv</source>
      <translation>币种代码 {code} 不在币种表中；请检查，或将其添加到 resources/reference/currencies.csv</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="63" />
      <source>Cyrillic text</source>
      <translation>西里尔文字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="158" />
      <source>DAT was replaced by DPU in Incoterms 2020; write DPU</source>
      <translation>Incoterms 2020 中 DAT 已被 DPU 取代；请写 DPU</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="100" />
      <source>Database (SQLite file or PostgreSQL URL)</source>
      <translation>数据库（SQLite 文件或 PostgreSQL URL）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="115" />
      <source>Deadline</source>
      <translation>交货期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="128" />
      <source>Deal fit (a separate judgement; it does not change scores or verdicts):</source>
      <translation>交易可行性（独立判断；不会改变得分或判定）：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="86" />
      <source>Delivered Duty Paid: the seller delivers with import duties paid</source>
      <translation>完税后交货 (DDP)：卖方交货并已缴纳进口关税</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="83" />
      <source>Delivered at Place Unloaded: the seller delivers and unloads at the named place</source>
      <translation>卸货地交货 (DPU)：卖方在指定地点交货并卸货</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="82" />
      <source>Delivered at Place: the seller delivers to the named place, not unloaded</source>
      <translation>目的地交货 (DAP)：卖方将货物运至指定地点，不负责卸货</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="36" />
      <source>Demand line</source>
      <translation>需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/demand.py" line="106" />
      <source>Demand line {id} does not exist</source>
      <translation>需求 {id} 不存在</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="333" />
      <source>Demand {ref}: {text}</source>
      <translation>需求 {ref}：{text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="71" />
      <source>E-mail</source>
      <translation>电子邮箱</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="57" />
      <source>Eligibility (GACC)</source>
      <translation>资格（GACC）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="64" />
      <source>Email address "{text}" contains a space</source>
      <translation>电子邮箱地址“{text}”包含空格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="68" />
      <source>Email address "{text}" has more than one @</source>
      <translation>电子邮箱地址“{text}”包含多个 @</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="67" />
      <source>Email address "{text}" has no @</source>
      <translation>电子邮箱地址“{text}”缺少 @</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="80" />
      <source>Email address cannot contain "{char}" before the @</source>
      <translation>电子邮箱地址在 @ 之前不能包含“{char}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="74" />
      <source>Email address has nothing after the @</source>
      <translation>电子邮箱地址 @ 之后没有内容</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="72" />
      <source>Email address has nothing before the @</source>
      <translation>电子邮箱地址 @ 之前没有内容</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="88" />
      <source>Email address: {problem}</source>
      <translation>电子邮箱地址：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="91" />
      <source>Email domain ends in .con; did you mean .com?</source>
      <translation>邮箱域名以 .con 结尾；您是否指 .com？</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="59" />
      <source>Enter one email address; this one has {count}: {text}</source>
      <translation>请只填写一个电子邮箱地址；此处有 {count} 个：{text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="118" />
      <source>Enter one phone number; this one has {count}: {text}</source>
      <translation>请只填写一个电话号码；此处有 {count} 个：{text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="127" />
      <source>Enter your name as reviewer in Settings before deciding.</source>
      <translation>做出决定前，请先在设置中填写您的审核人姓名。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="74" />
      <source>Ex Works: the buyer collects the goods at the seller's premises</source>
      <translation>工厂交货 (EXW)：买方在卖方所在地提货</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="213" />
      <source>Export written</source>
      <translation>导出已写入</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/audit_export.py" line="238" />
      <source>Exporting the audit trail</source>
      <translation>正在导出审计记录</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="176" />
      <source>Exporting {kind}</source>
      <translation>正在导出 {kind}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/export_cmd.py" line="135" />
      <source>Fix: add English and Chinese names to the products (Products screen), or add the region or place to resources/reference/places.csv.</source>
      <translation>解决方法：为产品添加英文和中文名称（“产品”页面），或将该地区或地点添加到 resources/reference/places.csv。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="130" />
      <source>Flag exchange rates older than (days)</source>
      <translation>标记早于以下天数的汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="87" />
      <source>Free Alongside Ship: goods placed alongside the vessel at the port of shipment</source>
      <translation>船边交货 (FAS)：货物放置在装运港的船边</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="75" />
      <source>Free Carrier: the seller hands the goods, cleared for export, to the buyer's carrier</source>
      <translation>货交承运人 (FCA)：卖方将已办理出口清关的货物交给买方指定的承运人</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="88" />
      <source>Free On Board: goods loaded on board the vessel at the port of shipment</source>
      <translation>船上交货 (FOB)：货物在装运港装上船</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="72" />
      <source>GACC</source>
      <translation>海关总署注册</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="131" />
      <source>Give the currency of the price</source>
      <translation>请填写价格的币种</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="116" />
      <source>Give the product a name in at least one language</source>
      <translation>请至少用一种语言填写产品名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/glossary_terms.py" line="100" />
      <source>Give the term in at least two languages</source>
      <translation>请至少用两种语言填写术语</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="251" />
      <source>HS code</source>
      <translation>海关编码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="74" />
      <source>HS code "{text}" has no digits</source>
      <translation>海关编码“{text}”中没有数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="78" />
      <source>HS code may contain only digits, spaces and dots; found "{char}" in "{text}"</source>
      <translation>海关编码只能包含数字、空格和点；在“{text}”中发现“{char}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="84" />
      <source>HS code must have 4, 6, 8 or 10 digits, this one has {count}</source>
      <translation>海关编码应为 4、6、8 或 10 位数字，此编码为 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="121" />
      <source>HS code {code}: subheading {subheading} is not in HS 2022; heading {heading} ({description}) has {subheadings}</source>
      <translation>海关编码 {code}：HS 2022 中没有子目 {subheading}；品目 {heading}（{description}）包含 {subheadings}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="99" />
      <source>HS code {code}: there is no chapter {chapter} in HS 2022</source>
      <translation>海关编码 {code}：HS 2022 中没有第 {chapter} 章</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs.py" line="106" />
      <source>HS code {code}: there is no heading {heading} in HS 2022 (chapter {chapter}: {description})</source>
      <translation>海关编码 {code}：HS 2022 中没有品目 {heading}（第 {chapter} 章：{description}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="229" />
      <source>HS {codes} ({source})</source>
      <translation>海关编码 {codes}（{source}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="564" />
      <source>HS {code}</source>
      <translation>HS {code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="564" />
      <source>HS {code} by the Chinese name</source>
      <translation>按中文名称归入 HS {code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="68" />
      <source>INN</source>
      <translation>税号 (INN)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="93" />
      <source>INN cannot start with 00: no tax office has that code</source>
      <translation>INN 不能以 00 开头：没有税务机关使用此代码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="88" />
      <source>INN check digit is wrong: expected {expected}, found {found}</source>
      <translation>INN 校验位错误：应为 {expected}，实际为 {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="90" />
      <source>INN check digits are wrong: expected {expected}, found {found}</source>
      <translation>INN 校验位错误：应为 {expected}，实际为 {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="70" />
      <source>INN has no digits</source>
      <translation>INN 中没有数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="73" />
      <source>INN may contain only digits; found "{char}" in "{text}"</source>
      <translation>INN 只能包含数字；在“{text}”中发现“{char}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="78" />
      <source>INN must have 10 or 12 digits, this one has {count}</source>
      <translation>INN 应为 10 或 12 位数字，此号码为 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/companies.py" line="129" />
      <source>INN {inn} is already registered to {name}</source>
      <translation>INN {inn} 已登记给 {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/import_report.py" line="84" />
      <source>Import report</source>
      <translation>导入报告</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="454" />
      <source>Importing {file}</source>
      <translation>正在导入 {file}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="56" />
      <source>Incoterms</source>
      <translation>贸易术语 (Incoterms)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="116" />
      <source>Incoterms {year} is superseded; the rule was checked against Incoterms 2020</source>
      <translation>Incoterms {year} 已被取代；已按 Incoterms 2020 核对该术语</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="96" />
      <source>Interface language</source>
      <translation>界面语言</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="72" />
      <source>Judging the deal fit of the listed matches</source>
      <translation>正在评估列表中匹配项的交易可行性</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="105" />
      <source>Largest file to import (MB)</source>
      <translation>可导入的最大文件（MB）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="90" />
      <source>Lowest score of a stored candidate</source>
      <translation>保存候选的最低分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="66" />
      <source>Lowest score of a suggestion</source>
      <translation>建议的最低分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="37" />
      <source>Match</source>
      <translation>匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="264" />
      <source>Match {id} changed since you opened it; your decision was not saved.</source>
      <translation>您打开匹配 {id} 后，它已被更改；您的决定未保存。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="336" />
      <source>Match {id} no longer exists (matching may have run again)</source>
      <translation>匹配 {id} 已不存在（可能已重新运行匹配）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="120" />
      <source>Maximum price cannot be negative: {value}</source>
      <translation>最高价格不能为负数：{value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="114" />
      <source>Maximum price: {reason}</source>
      <translation>最高价格：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="118" />
      <source>Minimum price cannot be negative: {value}</source>
      <translation>最低价格不能为负数：{value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="123" />
      <source>Minimum price {minimum} is greater than maximum price {maximum}</source>
      <translation>最低价格 {minimum} 高于最高价格 {maximum}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="112" />
      <source>Minimum price: {reason}</source>
      <translation>最低价格：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="142" />
      <source>Months of capacity counted for a request without a deadline</source>
      <translation>无截止日期的询盘所计入的产能月数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="116" />
      <source>Most cells (rows × columns) in one sheet</source>
      <translation>单个工作表的最多单元格数（行 × 列）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="111" />
      <source>Most columns in one sheet</source>
      <translation>单个工作表的最多列数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="108" />
      <source>Most rows in one import</source>
      <translation>单次导入的最多行数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="67" />
      <source>Name (EN)</source>
      <translation>名称（英文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/hs_cmd.py" line="52" />
      <source>No HS code found for '{query}'</source>
      <translation>未找到“{query}”的 HS 编码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="172" />
      <source>No Incoterms rule in "{text}"; write the rule and the place, e.g. FOB Qingdao</source>
      <translation>“{text}”中没有贸易术语；请写明术语和地点，例如 FOB 青岛</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="63" />
      <source>No backup file at {path}</source>
      <translation>{path} 处没有备份文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="201" />
      <source>No country code; read as a Chinese landline: {value}</source>
      <translation>没有国家代码；按中国固定电话识别：{value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="194" />
      <source>No country code; read as a Russian number: {value}</source>
      <translation>没有国家代码；按俄罗斯号码识别：{value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="34" />
      <source>No database file at {path}</source>
      <translation>{path} 处没有数据库文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="353" />
      <source>No dump file at {path}</source>
      <translation>{path} 处没有转储文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="38" />
      <source>Not a database URL: {url}</source>
      <translation>不是数据库地址：{url}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="282" />
      <source>Nothing was restored.</source>
      <translation>未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="137" />
      <source>OGRN</source>
      <translation>国家注册号 (OGRN)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="122" />
      <source>OGRN has no digits</source>
      <translation>OGRN 中没有数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="125" />
      <source>OGRN may contain only digits; found "{char}" in "{text}"</source>
      <translation>OGRN 只能包含数字；在“{text}”中发现“{char}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="131" />
      <source>OGRN must have 13 digits (OGRNIP of a sole trader 15), this one has {count}</source>
      <translation>OGRN 应为 13 位数字（个体经营者的 OGRNIP 为 15 位），此号码为 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="137" />
      <source>OGRNIP</source>
      <translation>OGRNIP</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="208" />
      <source>Phone number is too short ({count} digits); write it with the country and area code, e.g. +7 495 123-45-67</source>
      <translation>电话号码太短（{count} 位）；请加上国家和区号，例如 +7 495 123-45-67</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="125" />
      <source>Phone number may contain only digits, spaces, dashes, parentheses and a leading +; found "{char}"</source>
      <translation>电话号码只能包含数字、空格、连字符、括号和开头的 +；发现“{char}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="132" />
      <source>Phone number: + may only come first</source>
      <translation>电话号码：+ 只能位于开头</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="57" />
      <source>Points an offer of the good asked for loses when it lacks the grade asked for</source>
      <translation>所需商品的报价未注明所求等级时扣减的分数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="48" />
      <source>Points lost per conflicting processing state</source>
      <translation>每个加工状态冲突扣分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="39" />
      <source>Points lost when the HS chapters disagree</source>
      <translation>海关编码章不一致时扣分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="30" />
      <source>Points lost when the two sides name different goods</source>
      <translation>双方商品不同时扣分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="92" />
      <source>Price from</source>
      <translation>最低价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/import_report.py" line="86" />
      <source>Problems</source>
      <translation>问题</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="34" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="88" />
      <source>Product (EN)</source>
      <translation>产品（英文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="87" />
      <source>Product (RU)</source>
      <translation>产品（俄文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="89" />
      <source>Product (ZH)</source>
      <translation>产品（中文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/name_suggestions.py" line="113" />
      <source>Product {id} does not exist (it may have been deleted)</source>
      <translation>产品 {id} 不存在（可能已被删除）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="460" />
      <source>Product {ref} is no longer active; match {id} was not accepted.</source>
      <translation>产品 {ref} 已不再有效；匹配 {id} 未被接受。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="111" />
      <source>Province</source>
      <translation>省份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="113" />
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="102" />
      <source>Quantity cannot be negative: {value}</source>
      <translation>数量不能为负数：{value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="52" />
      <source>Quantity vs MOQ</source>
      <translation>数量与 MOQ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="53" />
      <source>Quantity vs capacity by deadline</source>
      <translation>数量与截止日期前产能</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="167" />
      <source>Read as {days} days</source>
      <translation>识别为 {days} 天</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="163" />
      <source>Read as {value}</source>
      <translation>识别为 {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/engine.py" line="98" />
      <source>Reading products and demand</source>
      <translation>正在读取产品和需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="77" />
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="256" />
      <source>Reference {ref} is already used by product {id} of this company</source>
      <translation>编号 {ref} 已被该公司的产品 {id} 使用</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="69" />
      <source>Region</source>
      <translation>地区</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="30" />
      <source>Request {ref}: {text}</source>
      <translation>询盘 {ref}：{text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="484" />
      <source>Restoring the backup</source>
      <translation>正在恢复备份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="527" />
      <source>Restoring {table} stored {stored} rows instead of {expected}.</source>
      <translation>恢复 {table} 时写入了 {stored} 行，而不是 {expected} 行。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="140" />
      <source>Reviewer</source>
      <translation>审核人</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="98" />
      <source>Reviewer name</source>
      <translation>审核人姓名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="137" />
      <source>Score</source>
      <translation>得分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/pipeline.py" line="124" />
      <source>Scoring candidates</source>
      <translation>正在为候选评分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="148" />
      <source>Shelf life "{text}" is not a number of days, months or years</source>
      <translation>保质期“{text}”不是天数、月数或年数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="166" />
      <source>Shelf life must be a whole number of days, not {value}</source>
      <translation>保质期必须是整数天，而不是 {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="170" />
      <source>Shelf life must be at least 1 day, not {value}</source>
      <translation>保质期至少为 1 天，而不是 {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="174" />
      <source>Shelf life of {days} days is more than ten years; check it</source>
      <translation>保质期 {days} 天超过十年；请核实</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="155" />
      <source>Shelf life: "{unit}" is not days, weeks, months or years</source>
      <translation>保质期：“{unit}”不是天、周、月或年</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="124" />
      <source>Somebody else changed this record since you opened it; reopen it.</source>
      <translation>您打开此记录后，其他人已修改了它；请重新打开。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="316" />
      <source>Somebody else gave a product of this company the same reference at the same moment; your changes were not saved.</source>
      <translation>其他人同时为该公司的某个产品设置了相同的编号；您的更改未保存。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="191" />
      <source>Somebody else linked this product to the request {ref} at the same moment; nothing was saved. The candidates were reloaded.</source>
      <translation>其他人在同一时刻已将此产品关联到需求 {ref}；未保存任何内容。候选已重新加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/companies.py" line="169" />
      <source>Somebody else registered a company with this INN or name at the same moment; your changes were not saved. Reload the list and check.</source>
      <translation>其他人同时登记了相同 INN 或名称的公司；您的更改未保存。请重新加载列表并检查。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="237" />
      <source>Somebody else stored the {pair} rate of {day} at the same moment; yours was not saved.</source>
      <translation>其他人同时保存了 {day} 的 {pair} 汇率；您的汇率未保存。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="95" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="136" />
      <source>Supplier</source>
      <translation>供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="561" />
      <source>TN VED {code}</source>
      <translation>俄罗斯海关编码（TN VED）{code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/naming.py" line="561" />
      <source>TN VED {code} by the Chinese name</source>
      <translation>按中文名称归入 TN VED {code}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="54" />
      <source>Target price vs price range</source>
      <translation>目标价格与价格区间</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/glossary_terms.py" line="90" />
      <source>The concept needs a name</source>
      <translation>概念需要一个名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="375" />
      <source>The database already holds ExportMatch data: {tables}. Restore into an empty database, or replace its data (a backup is taken first).</source>
      <translation>数据库中已有 ExportMatch 数据：{tables}。请恢复到空数据库，或替换其数据（会先进行备份）。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/migrate.py" line="78" />
      <source>The database holds tables but no ExportMatch schema version; it was not created by ExportMatch and is left untouched.</source>
      <translation>数据库中有表，但没有 ExportMatch 架构版本；它不是由 ExportMatch 创建的，已保持不变。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="124" />
      <source>The database is busy with another {holder}; try again when it has finished.</source>
      <translation>数据库正忙于另一项任务（{holder}）；请在其完成后重试。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="398" />
      <source>The database was written by a newer version of ExportMatch (schema {revision}); nothing was restored.</source>
      <translation>数据库由更新版本的 ExportMatch 写入（架构 {revision}）；未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="139" />
      <source>The database {path} is on a read-only disk or in a folder ExportMatch cannot write to, so it cannot be opened; it is left untouched. Copy it to a folder you can write to and open the copy, or make the folder writable.</source>
      <translation>数据库 {path} 位于只读磁盘或 ExportMatch 无法写入的文件夹中，因此无法打开；它未被改动。请将其复制到可写入的文件夹并打开副本，或使该文件夹可写。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="102" />
      <source>The database {where} is busy: another ExportMatch is writing to it. Try again in a moment.</source>
      <translation>数据库 {where} 正忙：另一个 ExportMatch 正在写入。请稍后重试。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="95" />
      <source>The database {where} is damaged ({reason}). Restore it from a backup into a new file (exportmatch --database NEW db restore BACKUP).</source>
      <translation>数据库 {where} 已损坏（{reason}）。请从备份恢复到新文件（exportmatch --database NEW db restore BACKUP）。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="109" />
      <source>The database {where} is read-only; ExportMatch cannot save changes.</source>
      <translation>数据库 {where} 为只读；ExportMatch 无法保存更改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/session.py" line="114" />
      <source>The disk holding {where} is full.</source>
      <translation>{where} 所在的磁盘已满。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="246" />
      <source>The dump's table {table} is damaged: {count} rows read, {expected} expected, or its checksum differs. Nothing was restored.</source>
      <translation>转储中的表 {table} 已损坏：读取 {count} 行，应为 {expected} 行，或校验和不符。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/hs_catalog.py" line="726" />
      <source>The nomenclature file {path} lacks the columns {columns}. Reinstall ExportMatch.</source>
      <translation>商品目录文件 {path} 缺少列 {columns}。请重新安装 ExportMatch。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="84" />
      <source>The part before @ cannot start or end with a dot or have two dots in a row</source>
      <translation>@ 之前的部分不能以点开头或结尾，也不能有连续两个点</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="76" />
      <source>The part before @ is longer than 64 characters</source>
      <translation>@ 之前的部分超过 64 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="286" />
      <source>The pooled offer {id} changed since you read it; it was reloaded.</source>
      <translation>您读取联合报价 {id} 后，它已被更改；已重新加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="236" />
      <source>The pooled offer {id} of request {ref} was withdrawn since yours was proposed; yours was not stored. Propose it again.</source>
      <translation>需求 {ref} 的拼单报价 {id} 在您提出之后已被撤回；您的报价未保存。请重新提出。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="206" />
      <source>The product {ref}</source>
      <translation>产品 {ref}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="270" />
      <source>The product {ref} is no longer active; nothing was stored. Propose the pool for request {line} again.</source>
      <translation>产品 {ref} 已不再有效；未保存任何内容。请重新为需求 {line} 提出拼单报价。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="259" />
      <source>The product {ref} was deleted since the pool was proposed; nothing was stored. Propose it again.</source>
      <translation>产品 {ref} 在拼单报价提出后已被删除；未保存任何内容。请重新提出。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="206" />
      <source>The request {ref}</source>
      <translation>需求 {ref}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="109" />
      <source>The request {ref} changed since you opened it; it was reloaded.</source>
      <translation>您打开询盘 {ref} 后，它已被更改；已重新加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="480" />
      <source>The request {ref} is closed; match {id} was not accepted.</source>
      <translation>需求 {ref} 已关闭；匹配 {id} 未被接受。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/migrate.py" line="169" />
      <source>This database was written by a newer version of ExportMatch (schema {current}); this version knows schemas up to {head}. Update ExportMatch to open it. The database was not changed.</source>
      <translation>此数据库由更新版本的 ExportMatch 写入（架构 {current}）；本版本仅支持到 {head} 的架构。请更新 ExportMatch 后再打开。数据库未被更改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="79" />
      <source>This field is required</source>
      <translation>此字段为必填项</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="186" />
      <source>USCC cannot contain the letter {letter} (the code never uses I, O, Z, S or V); did you mean "{digit}"?</source>
      <translation>统一社会信用代码不能包含字母 {letter}（代码从不使用 I、O、Z、S、V）；您是否指“{digit}”？</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="206" />
      <source>USCC check character is wrong: expected {expected}, found {found}</source>
      <translation>统一社会信用代码校验位错误：应为 {expected}，实际为 {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="182" />
      <source>USCC has no characters</source>
      <translation>统一社会信用代码为空</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="193" />
      <source>USCC may contain only digits and capital letters; found "{char}"</source>
      <translation>统一社会信用代码只能包含数字和大写字母；发现“{char}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="198" />
      <source>USCC must have 18 characters, this one has {count}</source>
      <translation>统一社会信用代码应为 18 位，此代码为 {count} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="114" />
      <source>Unit</source>
      <translation>单位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="237" />
      <source>Unit "{text}" starts with a number; give the unit alone, e.g. kg</source>
      <translation>单位“{text}”以数字开头；请只填写单位，例如 kg</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="55" />
      <source>Units</source>
      <translation>单位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="164" />
      <source>Unknown company</source>
      <translation>未知公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="209" />
      <source>Unknown currency "{text}"; write an ISO code such as CNY, USD, RUB or EUR</source>
      <translation>未知币种“{text}”；请填写 ISO 代码，例如 CNY、USD、RUB 或 EUR</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="140" />
      <source>Unknown status {status}</source>
      <translation>未知状态 {status}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="242" />
      <source>Unknown unit "{text}"; use one of {units}</source>
      <translation>未知单位“{text}”；请使用以下之一：{units}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="144" />
      <source>Unlimited shelf life is stored as no shelf life (empty)</source>
      <translation>无限保质期按无保质期（空）存储</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="43" />
      <source>Unsupported database {name}: use a SQLite file or a PostgreSQL URL</source>
      <translation>不支持的数据库 {name}：请使用 SQLite 文件或 PostgreSQL 地址</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="138" />
      <source>Verdict</source>
      <translation>结论</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="132" />
      <source>Waiting for the {holder} to finish…</source>
      <translation>正在等待当前任务完成：{holder}…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/browse.py" line="109" />
      <source>Wanted product</source>
      <translation>需求的产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="231" />
      <source>Website address "{text}" contains a space</source>
      <translation>网站地址“{text}”包含空格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="249" />
      <source>Website address "{text}" has no domain</source>
      <translation>网站地址“{text}”没有域名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="252" />
      <source>Website address: {problem}</source>
      <translation>网站地址：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="21" />
      <source>Weight of HS agreement</source>
      <translation>海关编码一致的权重</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="27" />
      <source>Weight of model numbers and codes</source>
      <translation>型号与编码的权重</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="13" />
      <source>Weight of name similarity</source>
      <translation>名称相似度的权重</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="24" />
      <source>Weight of processing states</source>
      <translation>加工状态的权重</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/config.py" line="16" />
      <source>Weight of shared glossary concepts</source>
      <translation>共同术语概念的权重</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/export_cmd.py" line="131" />
      <source>Would reach the buyer untranslated:</source>
      <translation>将以未翻译形式发给买家：</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="212" />
      <source>Writing the portable dump</source>
      <translation>正在写入可移植转储</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="122" />
      <source>a CSV file has no sheets: write .xlsx for one sheet per buyer</source>
      <translation>CSV 文件没有工作表：如需每个买家一个工作表，请导出为 .xlsx</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="307" />
      <source>a catalogue lists every buyer's suppliers: --buyer applies to matches only</source>
      <translation>目录列出面向所有买家的供应商：--buyer 仅适用于匹配导出</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="194" />
      <source>a field is longer than {limit} characters; no spreadsheet cell is that long (Excel holds 32,767)</source>
      <translation>字段超过 {limit} 个字符；电子表格的单元格不可能这么长（Excel 最多容纳 32,767 个字符）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="401" />
      <source>a food good needs the supplier's GACC registration, and it has none</source>
      <translation>食品类商品需要供应商的 GACC 注册，而该供应商没有</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="140" />
      <source>a food good, and the supplier has no GACC registration</source>
      <translation>食品类商品，且供应商没有 GACC 注册</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="129" />
      <source>a pooled offer needs at least one share</source>
      <translation>联合报价至少需要一个份额</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="328" />
      <source>a price per {request} cannot be compared with a price per {offer}</source>
      <translation>按 {request} 计的价格无法与按 {offer} 计的价格比较</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="179" />
      <source>a rate needs two different currencies</source>
      <translation>汇率需要两种不同的货币</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="60" />
      <source>a region or place the tables do not know: it goes out transliterated</source>
      <translation>表中未收录的地区或地点：将以音译形式发出</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="64" />
      <source>a score of {low:.0f}-{high:.0f}: {percent:.0f}% of such candidates were right on our labelled trade sets, DEV and six hold-outs ({count} candidates)</source>
      <translation>得分 {low:.0f}–{high:.0f}：在我们已标注的贸易数据集（DEV 及六个保留集）上，此类候选中有 {percent:.0f}% 正确（共 {count} 个候选）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="128" />
      <source>a share cannot be negative</source>
      <translation>份额不能为负数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="363" />
      <source>a side names no Incoterms rule</source>
      <translation>有一方未注明 Incoterms 规则</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="92" />
      <source>a template needs a non-empty list of columns</source>
      <translation>模板需要一个非空的列列表</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="188" />
      <source>a unit is missing; the quantities cannot be compared safely</source>
      <translation>缺少单位；无法可靠地比较数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="345" />
      <source>a value is required</source>
      <translation>必须填写值</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="144" />
      <source>a value is required in {columns}</source>
      <translation>{columns} 中需要填写值</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="150" />
      <source>an unexpected {kind} {name}</source>
      <translation>意外的 {kind} {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="23" />
      <source>best match first</source>
      <translation>最佳匹配优先</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="413" />
      <source>binary .xlsb workbooks are not supported; save it as .xlsx</source>
      <translation>不支持二进制 .xlsb 工作簿；请另存为 .xlsx</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="692" />
      <source>bulk accept at score {threshold} or more</source>
      <translation>批量接受得分不低于 {threshold} 的匹配</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="322" />
      <source>buyer</source>
      <translation>买家</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="135" />
      <source>can make nothing before the deadline</source>
      <translation>截止日期前无法生产任何数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="136" />
      <source>cannot read the file: {reason}</source>
      <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/glossary.py" line="483" />
      <source>cannot read the glossary file: {reason}</source>
      <translation>无法读取术语表文件：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="281" />
      <source>cannot read the rates file: {reason}</source>
      <translation>无法读取汇率文件：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="108" />
      <source>cannot read the table: {reason}</source>
      <translation>无法读取表格：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="120" />
      <source>cannot read the template: {reason}</source>
      <translation>无法读取模板：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="123" />
      <source>cannot write the export: {reason}</source>
      <translation>无法写入导出文件：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="241" />
      <source>chapter</source>
      <translation>章</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/format.py" line="22" />
      <source>cheapest first</source>
      <translation>最便宜优先</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/template.py" line="36" />
      <source>column</source>
      <translation>列</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="46" />
      <source>column {column}</source>
      <translation>列 {column}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="333" />
      <source>column {column}: {reason}</source>
      <translation>列 {column}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="234" />
      <source>column {column}: {value} cannot be read ({reason})</source>
      <translation>列 {column}：无法读取 {value}（{reason}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="223" />
      <source>concepts: {concepts}</source>
      <translation>概念：{concepts}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="62" />
      <source>conflict</source>
      <translation>冲突</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="198" />
      <source>converted: 1 {request} = {factor} {offer}</source>
      <translation>已换算：1 {request} = {factor} {offer}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="105" />
      <source>dry run: {text}</source>
      <translation>试运行：{text}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="135" />
      <source>enter a currency code such as CNY</source>
      <translation>请输入货币代码，例如 CNY</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="94" />
      <source>expected a number, found "{text}"</source>
      <translation>应为数字，实际为“{text}”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="79" />
      <source>expected a number, found {value}</source>
      <translation>应为数字，实际为 {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="48" />
      <source>field {field}</source>
      <translation>字段 {field}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="61" />
      <source>fits</source>
      <translation>可行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="400" />
      <source>food good, supplier registered</source>
      <translation>食品类商品，供应商已注册</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="119" />
      <source>has a damaged header</source>
      <translation>文件头已损坏</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="195" />
      <source>has a key that is not text</source>
      <translation>含有非文本的键</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/store.py" line="202" />
      <source>has the same reference as row {row} but other values</source>
      <translation>与第 {row} 行编号相同，但其他值不同</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="240" />
      <source>heading</source>
      <translation>品目</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="156" />
      <source>holds tables but no ExportMatch schema version: it was not created by ExportMatch</source>
      <translation>含有表，但没有 ExportMatch 架构版本：它不是由 ExportMatch 创建的</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="69" />
      <source>holds the control character U+{code:04X} at position {position}</source>
      <translation>在位置 {position} 含有控制字符 U+{code:04X}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="181" />
      <source>holds {value}</source>
      <translation>含有 {value}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/template.py" line="36" />
      <source>how to fill</source>
      <translation>填写说明</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="74" />
      <source>import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="74" />
      <source>import of {file}</source>
      <translation>导入 {file}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="82" />
      <source>import or matching run</source>
      <translation>导入或匹配任务</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="170" />
      <source>in {unit}</source>
      <translation>单位：{unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="98" />
      <source>is a folder, not a database file</source>
      <translation>是文件夹，而不是数据库文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="147" />
      <source>is damaged or not a database ({reason})</source>
      <translation>已损坏或不是数据库（{reason}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="115" />
      <source>is not a SQLite database</source>
      <translation>不是 SQLite 数据库</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="102" />
      <source>is not a regular file</source>
      <translation>不是常规文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="126" />
      <source>is truncated ({size} of {expected} bytes)</source>
      <translation>不完整（仅 {size} 字节，应为 {expected} 字节）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="309" />
      <source>it holds a member {member} its manifest does not list</source>
      <translation>其中含有清单未列出的文件 {member}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="300" />
      <source>it holds {members} twice</source>
      <translation>其中 {members} 出现了两次</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="196" />
      <source>it is damaged: {problem}</source>
      <translation>它已损坏：{problem}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="169" />
      <source>it is not a SQLite database</source>
      <translation>它不是 SQLite 数据库</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="64" />
      <source>it records no ExportMatch schema revision</source>
      <translation>其中没有记录 ExportMatch 架构版本</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="71" />
      <source>it records {count} schema revisions instead of one</source>
      <translation>其中记录了 {count} 个架构版本，而不是一个</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="333" />
      <source>it would unpack to {size} bytes, more than the limit of {limit}</source>
      <translation>解压后将达 {size} 字节，超过 {limit} 的上限</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="137" />
      <source>its MOQ is more than it makes by the deadline</source>
      <translation>其 MOQ 超过截止日期前的产量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="359" />
      <source>its manifest is not a JSON object</source>
      <translation>其清单不是 JSON 对象</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="371" />
      <source>its manifest is wrong: {reason}</source>
      <translation>其清单有误：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="347" />
      <source>its manifest is {size} bytes, more than {limit}</source>
      <translation>其清单大小为 {size} 字节，超过 {limit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="189" />
      <source>its schema is not ExportMatch's schema {revision}: {differences}</source>
      <translation>其架构与 ExportMatch 架构 {revision} 不一致：{differences}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="124" />
      <source>its unit {offer} does not convert to {request}</source>
      <translation>其单位 {offer} 无法换算为 {request}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="252" />
      <source>kind and state</source>
      <translation>种类与状态</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/rows.py" line="125" />
      <source>leading zero restored: {old} -&gt; {new}</source>
      <translation>已补回前导零：{old} -&gt; {new}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="187" />
      <source>line {line} cannot be read as {encoding} text (byte {offset}): {error}</source>
      <translation>第 {line} 行无法按 {encoding} 编码读取（字节 {offset}）：{error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="202" />
      <source>line {line}: {reason}</source>
      <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="205" />
      <source>linked by hand</source>
      <translation>手动关联</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="254" />
      <source>makes only {amount} {unit} of {wanted} by the deadline: a pooled offer may cover it</source>
      <translation>截止日期前仅能生产 {amount} {unit}（需求 {wanted}）：联合报价或可覆盖</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="250" />
      <source>makes {amount} {unit} by the deadline</source>
      <translation>截止日期前可生产 {amount} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/profiles.py" line="78" />
      <source>mapping profile {name} is for {kind} files</source>
      <translation>映射配置 {name} 适用于 {kind} 文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="620" />
      <source>match {id} changed or was replaced by a matching run</source>
      <translation>匹配 {id} 已更改，或已被一次匹配任务替换</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="76" />
      <source>matching run</source>
      <translation>匹配任务</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="92" />
      <source>missing column {columns}</source>
      <translation>缺少列 {columns}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="253" />
      <source>model and designation</source>
      <translation>型号与规格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="67" />
      <source>must be at least {minimum}</source>
      <translation>不得小于 {minimum}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="72" />
      <source>must be at most {maximum}</source>
      <translation>不得大于 {maximum}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="77" />
      <source>must be one of {choices}</source>
      <translation>必须是以下之一：{choices}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="249" />
      <source>name similarity</source>
      <translation>名称相似度</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="177" />
      <source>nested more than {depth} levels deep</source>
      <translation>嵌套超过 {depth} 层</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="58" />
      <source>no Chinese name</source>
      <translation>无中文名</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="56" />
      <source>no English or Chinese name: the Russian one goes out transliterated</source>
      <translation>无英文名或中文名：俄文名将以音译形式发出</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="390" />
      <source>no GACC registration</source>
      <translation>无 GACC 注册</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="395" />
      <source>no HS code: whether GACC registration is needed is unknown</source>
      <translation>无 HS 编码：无法确定是否需要 GACC 注册</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="207" />
      <source>no MOQ given</source>
      <translation>未提供 MOQ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="241" />
      <source>no capacity given</source>
      <translation>未提供产能</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="191" />
      <source>no demand line has the reference {ref}</source>
      <translation>没有编号为 {ref} 的需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="334" />
      <source>no exchange rate from {source} to {target}: add one in Settings</source>
      <translation>没有从 {source} 到 {target} 的汇率：请在“设置”中添加</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="180" />
      <source>no export template {name!r}; built in: {known}</source>
      <translation>没有导出模板 {name!r}；内置模板：{known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/layout.py" line="154" />
      <source>no header row found: none of the first {rows} rows names at least two {kind} columns (such as {examples}); give a mapping</source>
      <translation>未找到表头行：前 {rows} 行中没有任何一行包含至少两个 {kind} 列名（例如 {examples}）；请提供映射</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="131" />
      <source>no monthly capacity given</source>
      <translation>未提供月产能</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="113" />
      <source>no pooled offer is in force for request {ref}</source>
      <translation>询盘 {ref} 没有生效中的联合报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="322" />
      <source>no price offered</source>
      <translation>未报价</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="207" />
      <source>no quantity asked</source>
      <translation>未提出数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="320" />
      <source>no target price</source>
      <translation>无目标价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="272" />
      <source>no {what} matches {value!r}; known: {known}</source>
      <translation>没有与 {value!r} 匹配的 {what}；已知：{known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="273" />
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="187" />
      <source>not a folder: expected a folder for one file per buyer</source>
      <translation>不是文件夹：每个买家一个文件时需要指定文件夹</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="398" />
      <source>not a food good</source>
      <translation>非食品类商品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="125" />
      <source>not a valid TOML template: {reason}</source>
      <translation>不是有效的 TOML 模板：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="199" />
      <source>not valid CSV: {error}</source>
      <translation>不是有效的 CSV：{error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="209" />
      <source>not valid JSON ({reason})</source>
      <translation>不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="361" />
      <source>offer</source>
      <translation>供应</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="154" />
      <source>only an active product can be linked</source>
      <translation>只能关联有效的产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="164" />
      <source>only matches can be split by buyer</source>
      <translation>只有匹配可以按买家拆分</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="175" />
      <source>part of it is still in {wal} (the file was copied while in use); make the backup with exportmatch db backup, which writes one whole file</source>
      <translation>部分数据仍在 {wal} 中（文件是在使用中被复制的）；请用 exportmatch db backup 创建备份，它会写出一个完整的文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="459" />
      <source>part {part} declares XML entities, which spreadsheets never need; refused as unsafe</source>
      <translation>部分 {part} 声明了电子表格从不需要的 XML 实体；出于安全原因拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="471" />
      <source>part {part} holds an XML tag longer than {size} MB; refused as unsafe</source>
      <translation>部分 {part} 含有超过 {size} MB 的 XML 标签；出于安全原因拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="480" />
      <source>part {part} unpacks to more bytes than the zip directory declares; refused as unsafe</source>
      <translation>部分 {part} 解压后的字节数超过 zip 目录中声明的大小；出于安全原因拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="157" />
      <source>part {part}: {error}</source>
      <translation>部分 {part}：{error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="175" />
      <source>per {unit}</source>
      <translation>每 {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="120" />
      <source>pooled offer {id} is in force again</source>
      <translation>联合报价 {id} 已重新生效</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="281" />
      <source>pooled offer {id} no longer exists</source>
      <translation>联合报价 {id} 已不存在</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="94" />
      <source>pooled offer {id} stored for request {ref}</source>
      <translation>已为询盘 {ref} 保存联合报价 {id}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="118" />
      <source>pooled offer {id} withdrawn</source>
      <translation>联合报价 {id} 已撤回</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/records.py" line="261" />
      <source>price from {low} is above price to {high}</source>
      <translation>最低价 {low} 高于最高价 {high}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/records.py" line="250" />
      <source>price {value} is out of range</source>
      <translation>价格 {value} 超出范围</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="279" />
      <source>prices converted with an old exchange rate: {rate}</source>
      <translation>价格使用旧汇率换算：{rate}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="34" />
      <source>processing states differ</source>
      <translation>加工状态不同</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="121" />
      <source>product {id} is not a supplier of this request</source>
      <translation>产品 {id} 不是此询盘的供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/name_suggestions.py" line="101" />
      <source>product {id}: {reason}</source>
      <translation>产品 {id}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/records.py" line="254" />
      <source>quantity {value} is out of range</source>
      <translation>数量 {value} 超出范围</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="59" />
      <source>rate {rate} of {date}</source>
      <translation>{date} 的汇率 {rate}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="303" />
      <source>region</source>
      <translation>地区</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/store.py" line="200" />
      <source>repeats row {row}; counted once</source>
      <translation>与第 {row} 行重复；只计一次</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="360" />
      <source>request</source>
      <translation>需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/rows.py" line="493" />
      <source>required field is empty: {fields}</source>
      <translation>必填字段为空：{fields}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="79" />
      <source>restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="79" />
      <source>restore of {file}</source>
      <translation>从 {file} 恢复</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="44" />
      <source>row {row}</source>
      <translation>第 {row} 行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="250" />
      <source>same good</source>
      <translation>同一商品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="375" />
      <source>same rule and place</source>
      <translation>规则和地点相同</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="373" />
      <source>same rule; a place is not named</source>
      <translation>规则相同；未注明地点</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="377" />
      <source>same rule; the places are written differently: check they are one place</source>
      <translation>规则相同；地点写法不同：请确认是否为同一地点</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="191" />
      <source>same unit</source>
      <translation>单位相同</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="266" />
      <source>say why the request is closed</source>
      <translation>请说明关闭询盘的原因</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="399" />
      <source>schema_revision is not text</source>
      <translation>schema_revision 不是文本</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="232" />
      <source>set aside: {words}</source>
      <translation>已忽略：{words}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/errors.py" line="42" />
      <source>sheet {sheet}</source>
      <translation>工作表 {sheet}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="145" />
      <source>sheet {sheet} cannot be read: {error}</source>
      <translation>工作表 {sheet} 无法读取：{error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="226" />
      <source>states: {states}</source>
      <translation>状态：{states}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/rates_cmd.py" line="77" />
      <source>stored: 1 {base} = {rate} {quote} on {date}</source>
      <translation>已保存：{date} 1 {base} = {rate} {quote}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="239" />
      <source>subheading</source>
      <translation>子目</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="404" />
      <source>table {number}</source>
      <translation>表格 {number}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="220" />
      <source>terms: {terms}</source>
      <translation>术语：{terms}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="229" />
      <source>the .xls workbook is {size} MB; files in the old Excel format are read whole, so they are taken up to {limit} MB: save it as .xlsx</source>
      <translation>.xls 工作簿大小为 {size} MB；旧版 Excel 格式的文件需整体读取，因此最多接受 {limit} MB：请另存为 .xlsx</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="32" />
      <source>the HS codes are in different chapters</source>
      <translation>HS编码不在同一章</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="365" />
      <source>the buyer asks {request}, the offer is {offer}: the price covers other costs</source>
      <translation>买家要求 {request}，报价为 {offer}：价格包含其他费用</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="428" />
      <source>the checksum of {table} is not a SHA-256</source>
      <translation>{table} 的校验和不是 SHA-256</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/evaluate.py" line="130" />
      <source>the column {column} is missing</source>
      <translation>缺少列 {column}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="421" />
      <source>the columns of {table} are not distinct names</source>
      <translation>{table} 的列名有重复</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="560" />
      <source>the database refused the row: {reason}</source>
      <translation>数据库拒绝了该行：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="247" />
      <source>the deadline {date} has passed</source>
      <translation>截止日期 {date} 已过</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="33" />
      <source>the declared HS codes name different subheadings</source>
      <translation>申报的 HS 编码属于不同子目</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="27" />
      <source>the domain "{domain}" ends with a dot</source>
      <translation>域名“{domain}”以点结尾</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="35" />
      <source>the domain "{domain}" has two dots in a row</source>
      <translation>域名“{domain}”中有连续两个点</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="30" />
      <source>the domain "{domain}" needs a dot, like mail.ru or qq.com</source>
      <translation>域名“{domain}”需要包含点，例如 mail.ru 或 qq.com</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="32" />
      <source>the domain is longer than 253 characters</source>
      <translation>域名超过 253 个字符</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/contact.py" line="112" />
      <source>the extension {extension} was left out</source>
      <translation>省略了扩展名 {extension}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/reference_tables.py" line="139" />
      <source>the factor "{factor}" is not a positive number</source>
      <translation>系数“{factor}”不是正数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="186" />
      <source>the file cannot be read: {reason}</source>
      <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/overlap.py" line="119" />
      <source>the file could not be read to the end: the reading process stopped ({how})</source>
      <translation>文件未能读完：读取进程已停止（{how}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="183" />
      <source>the file does not exist</source>
      <translation>文件不存在</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="272" />
      <source>the file is an OLE document but not an Excel workbook</source>
      <translation>该文件是 OLE 文档，但不是 Excel 工作簿</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="246" />
      <source>the file is binary, not text; it is not a CSV file</source>
      <translation>文件是二进制文件，不是文本；它不是 CSV 文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="300" />
      <source>the file is damaged or not a valid workbook: sheet {sheet} starts inside {other}</source>
      <translation>文件已损坏或不是有效的工作簿：工作表 {sheet} 从 {other} 内部开始</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="159" />
      <source>the file is damaged or not a valid workbook: {error}</source>
      <translation>文件已损坏或不是有效的工作簿：{error}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="319" />
      <source>the file is damaged or not a valid workbook: {part} writes {cells} cells into {rows} rows by {columns} columns</source>
      <translation>文件已损坏或不是有效的工作簿：{part} 向 {rows} 行 × {columns} 列写入了 {cells} 个单元格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="207" />
      <source>the file is empty</source>
      <translation>文件为空</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="239" />
      <source>the file is named {suffix} but is not a spreadsheet of that kind</source>
      <translation>文件名为 {suffix}，但不是该类型的电子表格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="211" />
      <source>the file is {size} MB, more than the limit of {limit} MB</source>
      <translation>文件大小为 {size} MB，超过 {limit} MB 的限制</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="38" />
      <source>the file name contains a NUL character</source>
      <translation>文件名包含 NUL 字符</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="406" />
      <source>the file unpacks to {size} MB from {packed} MB; that is out of proportion for a spreadsheet (a zip bomb?)</source>
      <translation>文件从 {packed} MB 解压为 {size} MB；对电子表格来说比例失衡（zip 炸弹？）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/files.py" line="43" />
      <source>the folder {folder} does not exist</source>
      <translation>文件夹 {folder} 不存在</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/glossary.py" line="475" />
      <source>the glossary file lacks the columns {columns}</source>
      <translation>术语表文件缺少列 {columns}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="189" />
      <source>the line is longer than {limit} bytes</source>
      <translation>该行超过 {limit} 字节</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="212" />
      <source>the line is not a JSON object</source>
      <translation>该行不是 JSON 对象</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/layout.py" line="114" />
      <source>the mapping names an unknown field {field}; known fields: {fields}</source>
      <translation>映射中有未知字段 {field}；已知字段：{fields}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="304" />
      <source>the member {member} is missing</source>
      <translation>缺少文件 {member}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="320" />
      <source>the member {member} would unpack from {packed} to {size} bytes, more than {ratio} times its packed size</source>
      <translation>文件 {member} 将从 {packed} 字节解压为 {size} 字节，超过压缩大小的 {ratio} 倍</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="37" />
      <source>the names state different editions</source>
      <translation>名称标明的版本不同</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="312" />
      <source>the number {value} is not a date</source>
      <translation>数字 {value} 不是日期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="35" />
      <source>the offer does not name the grade asked for</source>
      <translation>报价未注明所求等级</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="36" />
      <source>the offer names other models or sizes</source>
      <translation>报价注明的是其他型号或尺寸</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="248" />
      <source>the price range {low} - {high} runs backwards</source>
      <translation>价格区间 {low} - {high} 顺序颠倒</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/quantity_units.py" line="74" />
      <source>the quantity is in {quantity_unit} but the unit of the row is {unit}; these units cannot be converted, so write the quantity in {unit}</source>
      <translation>数量的单位是 {quantity_unit}，而该行的单位是 {unit}；这两种单位无法换算，请以 {unit} 填写数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="213" />
      <source>the quantity reaches the MOQ</source>
      <translation>数量达到 MOQ</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="145" />
      <source>the rate must be a number above zero</source>
      <translation>汇率必须是大于零的数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="159" />
      <source>the rate's date {date} is in the future</source>
      <translation>汇率日期 {date} 在未来</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="288" />
      <source>the rates file needs the columns {columns}; missing: {missing}</source>
      <translation>汇率文件需要列 {columns}；缺少：{missing}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/import_report.py" line="55" />
      <source>the report must be an .xlsx or .csv file</source>
      <translation>报告必须是 .xlsx 或 .csv 文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="193" />
      <source>the request no longer exists</source>
      <translation>该询盘已不存在</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/proposal.py" line="203" />
      <source>the request {ref} gives no quantity to pool</source>
      <translation>询盘 {ref} 未提供可分配的数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="139" />
      <source>the request {ref} is closed</source>
      <translation>询盘 {ref} 已关闭</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="147" />
      <source>the request {ref} is closed; reopen it before linking a product</source>
      <translation>需求 {ref} 已关闭；请先重新打开，再关联产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="244" />
      <source>the row cannot be read ({reason})</source>
      <translation>无法读取该行（{reason}）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="219" />
      <source>the row's fields differ from the manifest's columns: {columns}</source>
      <translation>该行的字段与清单中的列不一致：{columns}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="165" />
      <source>the shares add up to {covered}, more than the {quantity} {unit} asked</source>
      <translation>份额合计 {covered}，超过所需的 {quantity} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/reference_tables.py" line="95" />
      <source>the spelling "{spelling}" of {code} already belongs to {owner}</source>
      <translation>{code} 的写法“{spelling}”已属于 {owner}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="414" />
      <source>the table {table} is in {member}, not tables/{table}.jsonl</source>
      <translation>表 {table} 位于 {member}，而不是 tables/{table}.jsonl</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="409" />
      <source>the table {table} is listed twice</source>
      <translation>表 {table} 被列出了两次</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="344" />
      <source>the target is below the offer's lowest price: {range}</source>
      <translation>目标价格低于报价的最低价：{range}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="342" />
      <source>the target reaches the offer: {range}</source>
      <translation>目标价格达到报价：{range}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/text_files.py" line="130" />
      <source>the text encoding of the file cannot be recognised</source>
      <translation>无法识别文件的文本编码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="31" />
      <source>the two sides name different goods</source>
      <translation>双方所指商品不同</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="211" />
      <source>the units do not convert</source>
      <translation>单位无法换算</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="224" />
      <source>the workbook has no worksheet</source>
      <translation>工作簿中没有工作表</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="266" />
      <source>the workbook is encrypted or protected by a password; save it without one</source>
      <translation>工作簿已加密或受密码保护；请另存为无密码的文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/readers.py" line="85" />
      <source>the workbook is protected by a password; save it without one</source>
      <translation>工作簿受密码保护；请另存为无密码的文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="293" />
      <source>the workbook lists more than {limit} sheets; refused as unsafe</source>
      <translation>工作簿包含超过 {limit} 个工作表；因不安全而拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="306" />
      <source>the workbook's global records</source>
      <translation>工作簿的全局记录</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="435" />
      <source>the zip archive is not an Excel or OpenDocument spreadsheet</source>
      <translation>该 zip 压缩包不是 Excel 或 OpenDocument 电子表格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="101" />
      <source>the {column} cell is empty</source>
      <translation>{column} 单元格为空</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="147" />
      <source>the {kind} {name} is defined differently</source>
      <translation>{kind} {name} 的定义不同</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="154" />
      <source>the {kind} {name} is missing</source>
      <translation>缺少 {kind} {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/profiles.py" line="72" />
      <source>there is no mapping profile {name}; saved profiles: {names}</source>
      <translation>没有映射配置 {name}；已保存的配置：{names}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/layout.py" line="137" />
      <source>there is no sheet {sheet}; the sheets are {sheets}</source>
      <translation>没有工作表 {sheet}；现有工作表：{sheets}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="192" />
      <source>this is a device, pipe or socket, not a file</source>
      <translation>这是设备、管道或套接字，而不是文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="189" />
      <source>this is a folder, not a file</source>
      <translation>这是文件夹，而不是文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="162" />
      <source>this product is already a candidate of the request: accept it from the list</source>
      <translation>该产品已是此询盘的候选：请从列表中接受它</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="527" />
      <source>undo of decision {event}</source>
      <translation>撤销决定 {event}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="63" />
      <source>unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/profiles.py" line="41" />
      <source>unknown fields {fields}</source>
      <translation>未知字段 {fields}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="131" />
      <source>unknown header language {language}; use {known}</source>
      <translation>未知的表头语言 {language}；请使用 {known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/audit_export.py" line="58" />
      <source>unknown record type {value}; use one of {choices}</source>
      <translation>未知的记录类型 {value}；请使用以下之一：{choices}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/rows.py" line="136" />
      <source>unknown status "{text}"; write active, draft or archived</source>
      <translation>未知状态“{text}”；请写 active、draft 或 archived</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="294" />
      <source>unknown status {value!r}; use {known}</source>
      <translation>未知状态 {value!r}；请使用 {known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/values.py" line="117" />
      <source>unknown unit "{text}", kept as written; check it, or add its spelling to resources/reference/units.csv</source>
      <translation>未知单位“{text}”，已按原样保留；请检查，或将该写法添加到 resources/reference/units.csv</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/reference_tables.py" line="114" />
      <source>unknown unit kind "{kind}"; use one of {kinds}</source>
      <translation>未知的单位类别“{kind}”；请使用以下之一：{kinds}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/templates.py" line="104" />
      <source>unknown {kind} column {key!r}; known columns: {known}</source>
      <translation>未知的 {kind} 列 {key!r}；已知列：{known}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/buyer_check.py" line="62" />
      <source>words the trade terms table does not know: they go out transliterated</source>
      <translation>贸易术语表未收录的词：将以音译形式发出</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="54" />
      <source>write --share as PRODUCT=QUANTITY, not {text!r}</source>
      <translation>请将 --share 写为 PRODUCT=QUANTITY，而不是 {text!r}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="156" />
      <source>write the date as YYYY-MM-DD</source>
      <translation>请将日期写为 YYYY-MM-DD</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/service.py" line="127" />
      <source>write the export to a .xlsx or .csv file (or a .zip or folder per buyer)</source>
      <translation>请将导出写入 .xlsx 或 .csv 文件（按买家拆分时为 .zip 或文件夹）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="98" />
      <source>{actor} already set match {id} to {status} at {when}; your decision was not saved. Reload it to see the current decision.</source>
      <translation>{actor} 已于 {when} 将匹配 {id} 设为 {status}；您的决定未保存。请重新加载以查看当前决定。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="269" />
      <source>{actor} already set match {id} to {status} at {when}; your decision was not saved. The queue was reloaded.</source>
      <translation>{actor} 已于 {when} 将匹配 {id} 设为 {status}；您的决定未保存。队列已重新加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/workbench.py" line="114" />
      <source>{actor} changed the request {ref} at {when} ({fields}) since you opened it; nothing was saved. It was reloaded.</source>
      <translation>{actor} 于 {when} 修改了需求 {ref}（{fields}），在您打开之后；未保存任何内容。已重新加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/forms.py" line="128" />
      <source>{actor} changed this record at {when} ({fields}) since you opened it; your changes were not saved. Reopen the record and apply them again.</source>
      <translation>您打开此记录后，{actor} 于 {when} 修改了它（{fields}）；您的更改未保存。请重新打开记录并再次修改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="484" />
      <source>{actor} closed the request {ref} at {when}; match {id} was not accepted. Reopen the request to accept it.</source>
      <translation>{actor} 于 {when} 关闭了需求 {ref}；匹配 {id} 未被接受。请重新打开该需求后再接受。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="323" />
      <source>{actor} gave reference {ref} to product {id} «{name}» of this company at {when}, at the same moment as you; your changes were not saved. Choose another reference.</source>
      <translation>{actor} 于 {when} 与您同时将编号 {ref} 分配给了本公司的产品 {id}「{name}」；您的更改未保存。请选择其他编号。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="623" />
      <source>{actor} set match {id} to {status} at {when}</source>
      <translation>{actor} 于 {when} 将匹配 {id} 设为 {status}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="291" />
      <source>{actor} set pooled offer {id} to {status} at {when} since you read it; nothing was changed. It was reloaded.</source>
      <translation>{actor} 于 {when} 将拼单报价 {id} 设为「{status}」，在您读取之后；未更改任何内容。已重新加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="464" />
      <source>{actor} set product {ref} to {status} at {when}; match {id} was not accepted. The queue was reloaded.</source>
      <translation>{actor} 于 {when} 将产品 {ref} 设为「{status}」；匹配 {id} 未被接受。队列已重新加载。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="227" />
      <source>{actor} stored pooled offer {id} for request {ref} at {when} since yours was proposed; yours was not stored. Look at theirs, then propose again.</source>
      <translation>{actor} 于 {when} 为需求 {ref} 保存了拼单报价 {id}，在您提出之后；您的报价未保存。请先查看对方的报价，再重新提出。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/exchange_rates.py" line="243" />
      <source>{actor} stored the {pair} rate of {day} at the same moment: {rate}; yours was not saved. Check the rates and save yours again to replace it.</source>
      <translation>{actor} 同时保存了 {day} 的 {pair} 汇率：{rate}；您的汇率未保存。请核对汇率，如需替换请再次保存。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="240" />
      <source>{actor} withdrew pooled offer {id} of request {ref} at {when} since yours was proposed; yours was not stored. Propose it again.</source>
      <translation>{actor} 于 {when} 撤回了需求 {ref} 的拼单报价 {id}，在您提出之后；您的报价未保存。请重新提出。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="132" />
      <source>{company} cannot take a share: {reason}</source>
      <translation>{company} 无法承担份额：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="139" />
      <source>{company}'s share {share} is below its MOQ of {moq} {unit}</source>
      <translation>{company} 的份额 {share} 低于其 MOQ {moq} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/offer.py" line="149" />
      <source>{company}'s share {share} is more than the {capacity} {unit} it makes by the deadline</source>
      <translation>{company} 的份额 {share} 超过其截止日期前可生产的 {capacity} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/audit_cmd.py" line="53" />
      <source>{count} audit events written to {path}</source>
      <translation>已将 {count} 条审计记录写入 {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="66" />
      <source>{count} characters, at most {limit} fit</source>
      <translation>{count} 个字符，最多可容纳 {limit} 个</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="640" />
      <source>{count} matches accepted.</source>
      <translation>已接受 {count} 个匹配。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/rates_cmd.py" line="98" />
      <source>{count} rate(s) imported from {file}</source>
      <translation>已从 {file} 导入 {count} 个汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="51" />
      <source>{count} suggestions stored</source>
      <translation>已保存 {count} 条建议</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="54" />
      <source>{count} suggestions; run again with --store to keep them</source>
      <translation>{count} 条建议；使用 --store 再次运行以保存它们</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/review.py" line="650" />
      <source>{count} were decided by someone else, or their product archived or request closed, since the preview and were left as they are: {names}.</source>
      <translation>自预览以来，有 {count} 项已由他人处理，或其产品已归档、需求已关闭，因此保持不变：{names}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="173" />
      <source>{currency} per {unit}</source>
      <translation>{currency}/{unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="82" />
      <source>{entity} records were changed by someone else since you opened them; your changes were not saved. Reload and apply them again.</source>
      <translation>您打开 {entity} 记录后，其他人已修改了它们；您的更改未保存。请重新加载并再次修改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="123" />
      <source>{entity} {id} was changed by {actor} at {when} ({fields}) since you opened it; your changes were not saved. Reload it and apply them again.</source>
      <translation>您打开 {entity} {id} 后，{actor} 于 {when} 修改了它（{fields}）；您的更改未保存。请重新加载并再次修改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="117" />
      <source>{entity} {id} was changed or deleted by someone else since you opened it; your changes were not saved. Reload it and apply them again.</source>
      <translation>您打开 {entity} {id} 后，其他人已修改或删除了它；您的更改未保存。请重新加载并再次修改。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="443" />
      <source>{file} holds a table {table} that schema {revision} does not have. Nothing was restored.</source>
      <translation>{file} 中含有架构 {revision} 所没有的表 {table}。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="435" />
      <source>{file} lacks the table {table}: every table of schema {revision} must be there, even when empty. Nothing was restored.</source>
      <translation>{file} 缺少表 {table}：架构 {revision} 的每个表都必须存在，即使为空。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/demand.py" line="126" />
      <source>{file}, row {row}</source>
      <translation>{file}，第 {row} 行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="115" />
      <source>{file}, table {table}</source>
      <translation>{file}，表 {table}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="117" />
      <source>{file}, table {table}, line {line}</source>
      <translation>{file}，表 {table}，第 {line} 行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="352" />
      <source>{file}: more than {limit} rows; split the file or raise the limit</source>
      <translation>{file}：超过 {limit} 行；请拆分文件或提高限制</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="454" />
      <source>{file}: the columns of table {table} are not those of schema {revision} (missing: {missing}; unknown: {unknown}). Nothing was restored.</source>
      <translation>{file}：表 {table} 的列与架构 {revision} 不符（缺少：{missing}；未知：{unknown}）。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="113" />
      <source>{file}: {rejected} rows rejected; nothing imported (all or nothing)</source>
      <translation>{file}：{rejected} 行被拒绝；未导入任何数据（全部或不导入）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/service.py" line="97" />
      <source>{imported} imported, {updated} updated, {unchanged} unchanged, {rejected} rejected</source>
      <translation>导入 {imported} 条，更新 {updated} 条，未变 {unchanged} 条，拒绝 {rejected} 条</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/pool_cmd.py" line="85" />
      <source>{key} is not a supplier of this request</source>
      <translation>{key} 不是此询盘的供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="233" />
      <source>{monthly} a month × {months} months</source>
      <translation>每月 {monthly} × {months} 个月</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="41" />
      <source>{names} (Chinese name from the HS nomenclature)</source>
      <translation>{names}（中文名称来自 HS 商品目录）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/names_cmd.py" line="45" />
      <source>{names} (Chinese name of the same good's trade name)</source>
      <translation>{names}（同一商品商品名的中文名称）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="209" />
      <source>{name} changed since the pool was proposed; propose it again.</source>
      <translation>{name} 在拼单报价提出后已更改；请重新提出。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/codes.py" line="139" />
      <source>{name} check digit is wrong: expected {expected}, found {found}</source>
      <translation>{name} 校验位错误：应为 {expected}，实际为 {found}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="379" />
      <source>{name} is not a JSON number</source>
      <translation>{name} 不是 JSON 数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="254" />
      <source>{name} is not a number JSON allows</source>
      <translation>{name} 不是 JSON 允许的数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/store.py" line="210" />
      <source>{name} was changed by {actor} at {when} ({fields}) since the pool was proposed; nothing was stored. Propose it again.</source>
      <translation>{name} 已由 {actor} 于 {when} 修改（{fields}），在拼单报价提出之后；未保存任何内容。请重新提出。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/quantity_units.py" line="80" />
      <source>{number} {quantity_unit} converted to {converted} {unit}</source>
      <translation>{number} {quantity_unit} 已换算为 {converted} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="131" />
      <source>{number}. {label}: {overall}</source>
      <translation>{number}. {label}：{overall}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/matching/explain.py" line="341" />
      <source>{number}. {score:.1f} {verdict} [{status}] {ref} {name}</source>
      <translation>{number}. {score:.1f} {verdict} [{status}] {ref} {name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/trade.py" line="159" />
      <source>{old} is no longer an Incoterms rule; use {new} (Incoterms 2020)</source>
      <translation>{old} 已不再是贸易术语；请使用 {new}（Incoterms 2020）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="592" />
      <source>{part} claims {columns} columns; at most {limit} are allowed</source>
      <translation>{part} 声明有 {columns} 列；最多允许 {limit} 列</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="599" />
      <source>{part} claims {rows} rows; at most {limit} are allowed</source>
      <translation>{part} 声明有 {rows} 行；最多允许 {limit} 行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="573" />
      <source>{part} holds at least {cells} cells; at most {limit} are allowed (setting import/max_cells)</source>
      <translation>{part} 至少包含 {cells} 个单元格；最多允许 {limit} 个（设置 import/max_cells）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="332" />
      <source>{part} holds more than {limit} records, more than {cells} cells need (setting import/max_cells); refused as unsafe</source>
      <translation>{part} 包含超过 {limit} 条记录，超出 {cells} 个单元格所需（设置 import/max_cells）；因不安全而拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="578" />
      <source>{part} holds {cells} cells; at most {limit} are allowed (setting import/max_cells)</source>
      <translation>{part} 含有 {cells} 个单元格；最多允许 {limit} 个（设置项 import/max_cells）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/importing/guards.py" line="606" />
      <source>{part} spans {rows} rows by {columns} columns, {cells} cells; at most {limit} are allowed (setting import/max_cells)</source>
      <translation>{part} 共 {rows} 行 × {columns} 列，{cells} 个单元格；最多允许 {limit} 个（设置项 import/max_cells）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="362" />
      <source>{path} is a dump of an unknown format ({format} {version}).</source>
      <translation>{path} 是未知格式的转储（{format} {version}）。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="60" />
      <source>{path} is a folder or a device, not a backup file</source>
      <translation>{path} 是文件夹或设备，而不是备份文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="355" />
      <source>{path} is a folder, not a dump file</source>
      <translation>{path} 是文件夹，而不是转储文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="78" />
      <source>{path} is neither a SQLite backup nor an ExportMatch portable dump.</source>
      <translation>{path} 既不是 SQLite 备份，也不是 ExportMatch 可移植转储。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/sqlite_copy.py" line="48" />
      <source>{path} is not a usable ExportMatch database: {reason}. Nothing was restored.</source>
      <translation>{path} 不是可用的 ExportMatch 数据库：{reason}。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/backup.py" line="154" />
      <source>{path} is not an ExportMatch database: {reason}</source>
      <translation>{path} 不是 ExportMatch 数据库：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="279" />
      <source>{path} is not an ExportMatch portable dump or is damaged: {reason}. </source>
      <translation>{path} 不是 ExportMatch 可移植转储或已损坏：{reason}。 </translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="110" />
      <source>{path} is the database itself; choose a backup of it. Nothing was restored.</source>
      <translation>{path} 就是数据库本身；请选择它的备份。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="137" />
      <source>{path} records no schema revision, so it was not written by ExportMatch or is damaged. Nothing was restored.</source>
      <translation>{path} 中没有记录架构版本，因此它不是由 ExportMatch 写入的，或已损坏。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="144" />
      <source>{path} was written by a newer version of ExportMatch (schema {revision}); this version knows schemas up to {head}. Nothing was restored.</source>
      <translation>{path} 由更新版本的 ExportMatch 写入（架构 {revision}）；本版本仅支持到 {head} 的架构。未恢复任何数据。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/engine.py" line="70" />
      <source>{path} {reason}; it is left untouched. Open another database, or restore this one from a backup into a new file (exportmatch --database NEW db restore BACKUP).</source>
      <translation>{path} {reason}；已保持不变。请打开其他数据库，或从备份将此数据库恢复到新文件（exportmatch --database NEW db restore BACKUP）。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/restore.py" line="142" />
      <source>{reason} The database was not changed; the copy taken before the restore is {safety}.</source>
      <translation>{reason} 数据库未被更改；恢复前创建的副本为 {safety}。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="194" />
      <source>{request} cannot be converted to {offer}: ask the buyer or the supplier</source>
      <translation>{request} 无法换算为 {offer}：请询问买家或供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="312" />
      <source>{spelling!r} already means {other}</source>
      <translation>{spelling!r} 已表示 {other}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/buyer_language.py" line="123" />
      <source>{spelling!r} already names {other}</source>
      <translation>{spelling!r} 已是 {other} 的名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="425" />
      <source>{table} has {rows} rows</source>
      <translation>{table} 有 {rows} 行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/audit_cmd.py" line="23" />
      <source>{text!r} is not a date; write it as 2026-11-01 or 2026-11-01T14:30</source>
      <translation>{text!r} 不是日期；请写成 2026-11-01 或 2026-11-01T14:30</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/numbers.py" line="77" />
      <source>{text} was read as {number}; write {alternative} for a decimal fraction</source>
      <translation>{text} 被读作 {number}；如为小数，请写 {alternative}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/fit_service.py" line="113" />
      <source>{title}: {request} | {offer} -&gt; {fit}: {reason}</source>
      <translation>{title}：{request} | {offer} -&gt; {fit}：{reason}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/products.py" line="170" />
      <source>{unit} per month</source>
      <translation>{unit}/月</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/settings.py" line="63" />
      <source>{value!r} is not a valid value</source>
      <translation>{value!r} 不是有效值</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/exporting/queries.py" line="254" />
      <source>{value!r} is not an HS chapter: give two digits such as 03</source>
      <translation>{value!r} 不是海关编码章：请填写两位数字，例如 03</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="138" />
      <source>{value} has more than {places} decimal places</source>
      <translation>{value} 的小数位数超过 {places} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="201" />
      <source>{value} is not JSON</source>
      <translation>{value} 不是 JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="164" />
      <source>{value} is not a date</source>
      <translation>{value} 不是日期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="170" />
      <source>{value} is not a date and time</source>
      <translation>{value} 不是日期时间</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="131" />
      <source>{value} is not a finite number</source>
      <translation>{value} 不是有限数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="129" />
      <source>{value} is not a number</source>
      <translation>{value} 不是数字</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="93" />
      <source>{value} is not a whole number</source>
      <translation>{value} 不是整数</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="80" />
      <source>{value} is not one of {choices}</source>
      <translation>{value} 不是以下之一：{choices}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="78" />
      <source>{value} is not text</source>
      <translation>{value} 不是文本</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="158" />
      <source>{value} is not true or false</source>
      <translation>{value} 不是布尔值（true 或 false）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="95" />
      <source>{value} is out of range: at most {high}</source>
      <translation>{value} 超出范围：最大为 {high}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/validation/columns.py" line="133" />
      <source>{value} is too large: at most {digits} digits before the point</source>
      <translation>{value} 过大：整数部分最多 {digits} 位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/pooling/deal_fit.py" line="214" />
      <source>{wanted} {unit} asked is below the MOQ of {moq} {unit}</source>
      <translation>所需 {wanted} {unit} 低于 MOQ {moq} {unit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/run_lock.py" line="84" />
      <source>{what} by {actor}, running since {when}</source>
      <translation>{what}（发起人：{actor}，自 {when} 起运行）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/cli/db_cmd.py" line="183" />
      <source>{where} already holds ExportMatch data ({rows} rows); restore into an empty database, or add --force to replace its data (it is backed up first).</source>
      <translation>{where} 中已有 ExportMatch 数据（{rows} 行）；请恢复到空数据库，或加上 --force 替换其数据（会先进行备份）。</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="406" />
      <source>{where} is not an object</source>
      <translation>{where} 不是对象</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable.py" line="391" />
      <source>{where}: {key} is missing or of the wrong type</source>
      <translation>{where}：{key} 缺失或类型错误</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/portable_restore.py" line="119" />
      <source>{where}: {reason}. Nothing was restored.</source>
      <translation>{where}：{reason}。未恢复任何数据。</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="33" />
      <source>An unexpected error happened: {summary}

This is a bug in ExportMatch. Your data is safe: the operation was not completed. The details are in the log file:
{log}</source>
      <translation>发生意外错误：{summary}

这是 ExportMatch 的程序错误。您的数据是安全的：操作未完成。详细信息见日志文件：
{log}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="83" />
      <source>Database connection</source>
      <translation>数据库连接</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="26" />
      <source>ExportMatch</source>
      <translation>ExportMatch</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="39" />
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <location filename="../../desktop_app/ui/error_reporting.py" line="84" />
      <source>{message}

Check the network or the database server, then retry.</source>
      <translation>{message}

请检查网络或数据库服务器，然后重试。</translation>
    </message>
  </context>
  <context>
    <name>fields</name>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="40" />
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="46" />
      <source>Archived</source>
      <translation>已归档</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="100" />
      <source>Buyer</source>
      <translation>买方</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="82" />
      <source>Certificates</source>
      <translation>证书</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="83" />
      <source>Chinese name from</source>
      <translation>中文名称来源</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="94" />
      <source>City</source>
      <translation>城市</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="74" />
      <source>Company</source>
      <translation>公司</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="41" />
      <source>Contact person</source>
      <translation>联系人</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="129" />
      <source>Currencies</source>
      <translation>币种</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="50" />
      <source>Currency</source>
      <translation>币种</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="105" />
      <source>Deadline</source>
      <translation>截止日期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="75" />
      <source>Description</source>
      <translation>描述</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="42" />
      <source>E-mail</source>
      <translation>电子邮箱</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="84" />
      <source>English name from</source>
      <translation>英文名称来源</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="136" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="68" />
      <source>GACC registration</source>
      <translation>海关总署（GACC）注册</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="48" />
      <source>HS code</source>
      <translation>HS 编码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="66" />
      <source>INN</source>
      <translation>INN（税号）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="57" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="138" />
      <source>Imported</source>
      <translation>已导入</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="52" />
      <source>Incoterms</source>
      <translation>国际贸易术语</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="53" />
      <source>Incoterms place</source>
      <translation>贸易术语地点</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="135" />
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="102" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="76" />
      <source>Minimum order</source>
      <translation>最小订购量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="77" />
      <source>Monthly capacity</source>
      <translation>月产能</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="36" />
      <source>Name (Chinese)</source>
      <translation>名称（中文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="35" />
      <source>Name (English)</source>
      <translation>名称（英文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="34" />
      <source>Name (Russian)</source>
      <translation>名称（俄文）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="37" />
      <source>Name for comparison</source>
      <translation>用于比对的名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="60" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="45" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="67" />
      <source>OGRN</source>
      <translation>OGRN（注册号）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="106" />
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="81" />
      <source>Packaging</source>
      <translation>包装</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="43" />
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="78" />
      <source>Price from</source>
      <translation>最低价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="51" />
      <source>Price per</source>
      <translation>计价单位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="79" />
      <source>Price to</source>
      <translation>最高价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="113" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="93" />
      <source>Province</source>
      <translation>省份</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="103" />
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="128" />
      <source>Rate</source>
      <translation>汇率</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="107" />
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="38" />
      <source>Reference</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="39" />
      <source>Region</source>
      <translation>地区</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="141" />
      <source>Rejected</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="120" />
      <source>Request</source>
      <translation>需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="59" />
      <source>Reviewer</source>
      <translation>审核人</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="58" />
      <source>Row fingerprint</source>
      <translation>行指纹</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="121" />
      <source>Shares</source>
      <translation>份额</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="137" />
      <source>Sheet</source>
      <translation>工作表</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="80" />
      <source>Shelf life (days)</source>
      <translation>保质期（天）</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="122" />
      <source>Shortfall</source>
      <translation>缺口</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="114" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="54" />
      <source>Source file</source>
      <translation>源文件</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="56" />
      <source>Source row</source>
      <translation>源行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="55" />
      <source>Source sheet</source>
      <translation>源工作表</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="47" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="85" />
      <source>Suggested Chinese name</source>
      <translation>建议中文名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="86" />
      <source>Suggested English name</source>
      <translation>建议英文名称</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="104" />
      <source>Target price</source>
      <translation>目标价格</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="92" />
      <source>USCC</source>
      <translation>统一社会信用代码</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="140" />
      <source>Unchanged</source>
      <translation>未更改</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="49" />
      <source>Unit</source>
      <translation>单位</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="139" />
      <source>Updated</source>
      <translation>已更新</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="101" />
      <source>Wanted product</source>
      <translation>需求产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="44" />
      <source>Website</source>
      <translation>网站</translation>
    </message>
  </context>
  <context>
    <name>labels</name>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="45" />
      <source>Accepted</source>
      <translation>已接受</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="181" />
      <source>Active</source>
      <translation>有效</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="175" />
      <source>Ambiguous</source>
      <translation>不确定</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="182" />
      <source>Archived</source>
      <translation>已归档</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="176" />
      <source>Below floor</source>
      <translation>低于阈值</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="187" />
      <source>Chinese</source>
      <translation>中文</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="184" />
      <source>Closed</source>
      <translation>已关闭</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="200" />
      <source>Demand</source>
      <translation>需求</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="180" />
      <source>Draft</source>
      <translation>草稿</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="186" />
      <source>English</source>
      <translation>英文</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="193" />
      <source>Expired</source>
      <translation>已过期</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="191" />
      <source>Fulfilled</source>
      <translation>已履行</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="195" />
      <source>Manual</source>
      <translation>手动</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="194" />
      <source>Matcher</source>
      <translation>匹配程序</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="188" />
      <source>Mixed</source>
      <translation>混合</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="190" />
      <source>No supplier</source>
      <translation>无供应商</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="183" />
      <source>Open</source>
      <translation>未关闭</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="199" />
      <source>Products</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="46" />
      <source>Rejected</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="185" />
      <source>Russian</source>
      <translation>俄文</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="174" />
      <source>Suggested</source>
      <translation>建议</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="198" />
      <source>Superseded</source>
      <translation>已被取代</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/database/conflicts.py" line="44" />
      <source>Undecided</source>
      <translation>未决定</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="189" />
      <source>Unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="192" />
      <source>Withdrawn</source>
      <translation>已撤回</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="202" />
      <source>changed</source>
      <translation>已修改</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="201" />
      <source>created</source>
      <translation>已创建</translation>
    </message>
    <message>
      <location filename="../../desktop_app/core/services/labels.py" line="203" />
      <source>deleted</source>
      <translation>已删除</translation>
    </message>
  </context>
</TS>
