<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AdminEntry</name>
    <message>
        <source>&amp;Administration</source>
        <translation>&amp;Administration</translation>
    </message>
    <message>
        <source>People, roles, categories and logical grids…</source>
        <translation>People, roles, categories and logical grids…</translation>
    </message>
    <message>
        <source>Only administrators may open it</source>
        <translation>Only administrators may open it</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>People</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Categories &amp;&amp; time limits</source>
        <translation>Categories &amp;&amp; time limits</translation>
    </message>
    <message>
        <source>Logical grids</source>
        <translation>Logical grids</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
</context>
<context>
    <name>AlertSound</name>
    <message>
        <source>the sound file %1 is missing</source>
        <translation>the sound file %1 is missing</translation>
    </message>
    <message>
        <source>Qt Multimedia cannot load: %1</source>
        <translation>Qt Multimedia cannot load: %1</translation>
    </message>
    <message>
        <source>no audio output device</source>
        <translation>no audio output device</translation>
    </message>
    <message>
        <source>the audio device cannot play the alert sound</source>
        <translation>the audio device cannot play the alert sound</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>All tables</source>
        <translation>All tables</translation>
    </message>
    <message>
        <source>All changes</source>
        <translation>All changes</translation>
    </message>
    <message>
        <source>insert</source>
        <translation>insert</translation>
    </message>
    <message>
        <source>update</source>
        <translation>update</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>delete</translation>
    </message>
    <message>
        <source>Row key, person or login</source>
        <translation>Row key, person or login</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>(system)</source>
        <translation>(system)</translation>
    </message>
    <message>
        <source>%1 changes shown (newest first).</source>
        <translation>%1 changes shown (newest first).</translation>
    </message>
</context>
<context>
    <name>BriefDialog</name>
    <message>
        <source>Daily brief</source>
        <translation>Daily brief</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <source>Could not list the units: %1</source>
        <translation>Could not list the units: %1</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Brief of</source>
        <translation>Brief of</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>Preparing the brief of %1…</source>
        <translation>Preparing the brief of %1…</translation>
    </message>
    <message>
        <source>%1, %2: ready.</source>
        <translation>%1, %2: ready.</translation>
    </message>
    <message>
        <source>The brief could not be prepared: %1</source>
        <translation>The brief could not be prepared: %1</translation>
    </message>
    <message>
        <source>Daily brief – print preview</source>
        <translation>Daily brief – print preview</translation>
    </message>
    <message>
        <source>Print the daily brief</source>
        <translation>Print the daily brief</translation>
    </message>
    <message>
        <source>Save the brief as PDF</source>
        <translation>Save the brief as PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Could not save %1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Generate the brief every morning</source>
        <translation>Generate the brief every morning</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>For the unit chosen above (otherwise the whole district)</source>
        <translation>For the unit chosen above (otherwise the whole district)</translation>
    </message>
    <message>
        <source>At</source>
        <translation>At</translation>
    </message>
    <message>
        <source>Into folder</source>
        <translation>Into folder</translation>
    </message>
    <message>
        <source>Folder for the morning brief</source>
        <translation>Folder for the morning brief</translation>
    </message>
</context>
<context>
    <name>BulkAssignDialog</name>
    <message>
        <source>Assign %1 case(s)</source>
        <translation>Assign %1 case(s)</translation>
    </message>
    <message>
        <source>— a person of the department —</source>
        <translation>— a person of the department —</translation>
    </message>
    <message>
        <source>or search a grid (its worker), center or person, then Enter</source>
        <translation>or search a grid (its worker), center or person, then Enter</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>Assign to</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Choose whom to assign the cases to.</source>
        <translation>Choose whom to assign the cases to.</translation>
    </message>
    <message>
        <source>Assigning …</source>
        <translation>Assigning …</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>Changed by someone else</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>%1 of %2 assigned.</source>
        <translation>%1 of %2 assigned.</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <source>Select a case in a queue or on the map</source>
        <translation>Select a case in a queue or on the map</translation>
    </message>
    <message>
        <source>(outside every grid)</source>
        <translation>(outside every grid)</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>Supervised</translation>
    </message>
    <message>
        <source>no running clock</source>
        <translation>no running clock</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>photo</source>
        <translation>photo</translation>
    </message>
    <message>
        <source>video</source>
        <translation>video</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>audio</translation>
    </message>
    <message>
        <source>%1 is kept in the media store, whose address is not set (setting 'media', base_url).</source>
        <translation>%1 is kept in the media store, whose address is not set (setting 'media', base_url).</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>Could not open %1</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>to %1</translation>
    </message>
    <message>
        <source>assignee %1</source>
        <translation>assignee %1</translation>
    </message>
    <message>
        <source>%1 more hours</source>
        <translation>%1 more hours</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>until %1</translation>
    </message>
    <message>
        <source>deadline %1</source>
        <translation>deadline %1</translation>
    </message>
    <message>
        <source>Reply text</source>
        <translation>Reply text</translation>
    </message>
    <message>
        <source>Check result</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>citizen app</source>
        <translation>citizen app</translation>
    </message>
    <message>
        <source>grid worker's patrol</source>
        <translation>grid worker's patrol</translation>
    </message>
    <message>
        <source>hotline</source>
        <translation>hotline</translation>
    </message>
    <message>
        <source>department</source>
        <translation>department</translation>
    </message>
    <message>
        <source>sensor</source>
        <translation>sensor</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>imported</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>urgent</translation>
    </message>
    <message>
        <source>very urgent</source>
        <translation>very urgent</translation>
    </message>
    <message>
        <source>check the reply</source>
        <translation>check the reply</translation>
    </message>
    <message>
        <source>%1: taken by %2</source>
        <translation>%1: taken by %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 or %2</translation>
    </message>
    <message>
        <source>the assignee %1</source>
        <translation>the assignee %1</translation>
    </message>
    <message>
        <source>the reporter</source>
        <translation>the reporter</translation>
    </message>
    <message>
        <source>the liaison of %1</source>
        <translation>the liaison of %1</translation>
    </message>
    <message>
        <source>the grid worker of %1</source>
        <translation>the grid worker of %1</translation>
    </message>
    <message>
        <source>an operator of %1</source>
        <translation>an operator of %1</translation>
    </message>
    <message>
        <source>an operator of the case's center</source>
        <translation>an operator of the case's center</translation>
    </message>
    <message>
        <source>a leader</source>
        <translation>a leader</translation>
    </message>
    <message>
        <source>an administrator</source>
        <translation>an administrator</translation>
    </message>
</context>
<context>
    <name>CategoriesTab</name>
    <message>
        <source>Filter: code or name</source>
        <translation>Filter: code or name</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>New category</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>urgent</translation>
    </message>
    <message>
        <source>very urgent</source>
        <translation>very urgent</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>English name</translation>
    </message>
    <message>
        <source>Worker duty</source>
        <translation>Worker duty</translation>
    </message>
    <message>
        <source>National class</source>
        <translation>National class</translation>
    </message>
    <message>
        <source>Department kind</source>
        <translation>Department kind</translation>
    </message>
    <message>
        <source>Default logical grid</source>
        <translation>Default logical grid</translation>
    </message>
    <message>
        <source>Default priority</source>
        <translation>Default priority</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Time unit</source>
        <translation>Time unit</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>hours</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>working days</translation>
    </message>
    <message>
        <source>Save category</source>
        <translation>Save category</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Publicity</source>
        <translation>Publicity</translation>
    </message>
    <message>
        <source>Mediation</source>
        <translation>Mediation</translation>
    </message>
    <message>
        <source>Co-management</source>
        <translation>Co-management</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>Handle</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>wd</source>
        <translation>wd</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Category %1 saved.</source>
        <translation>Category %1 saved.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Acting as</source>
        <translation>Acting as</translation>
    </message>
    <message>
        <source>Search: case code, grid code, place name</source>
        <translation>Search: case code, grid code, place name</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Any time</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>Whole district</translation>
    </message>
</context>
<context>
    <name>LiaisonDock</name>
    <message>
        <source>Department tasks</source>
        <translation>Department tasks</translation>
    </message>
    <message>
        <source>New task…</source>
        <translation>New task…</translation>
    </message>
    <message>
        <source>Bulk assign…</source>
        <translation>Bulk assign…</translation>
    </message>
    <message>
        <source>Reply templates…</source>
        <translation>Reply templates…</translation>
    </message>
    <message>
        <source>Department's cases (%1)</source>
        <translation>Department's cases (%1)</translation>
    </message>
    <message>
        <source>Reply tracking (%1)</source>
        <translation>Reply tracking (%1)</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <source>%1 is not a department liaison</source>
        <translation>%1 is not a department liaison</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Replied, awaiting check</source>
        <translation>Replied, awaiting check</translation>
    </message>
    <message>
        <source>On-time replies, last 30 days</source>
        <translation>On-time replies, last 30 days</translation>
    </message>
    <message>
        <source>Only administrators edit templates</source>
        <translation>Only administrators edit templates</translation>
    </message>
    <message>
        <source>Pick mode: click the grid the task is for (or a place in the tree)</source>
        <translation>Pick mode: click the grid the task is for (or a place in the tree)</translation>
    </message>
    <message>
        <source>Task %1 sent to %2</source>
        <translation>Task %1 sent to %2</translation>
    </message>
</context>
<context>
    <name>LogicalGridsTab</name>
    <message>
        <source>Logical grid</source>
        <translation>Logical grid</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>New logical grid</source>
        <translation>New logical grid</translation>
    </message>
    <message>
        <source>person code, e.g. GLG01L</source>
        <translation>person code, e.g. GLG01L</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Covers the whole district</source>
        <translation>Covers the whole district</translation>
    </message>
    <message>
        <source>Search grids: code or name</source>
        <translation>Search grids: code or name</translation>
    </message>
    <message>
        <source>Physical grids covered</source>
        <translation>Physical grids covered</translation>
    </message>
    <message>
        <source>Save logical grid</source>
        <translation>Save logical grid</translation>
    </message>
    <message>
        <source>(none: a department of its own)</source>
        <translation>(none: a department of its own)</translation>
    </message>
    <message>
        <source>Logical grid %1 saved.</source>
        <translation>Logical grid %1 saved.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>not live: %1</source>
        <translation>not live: %1</translation>
    </message>
    <message>
        <source>Grid-governance command center</source>
        <translation>Grid-governance command center</translation>
    </message>
    <message>
        <source>Map files are not installed (run .ci/setup): %1</source>
        <translation>Map files are not installed (run .ci/setup): %1</translation>
    </message>
    <message>
        <source>Logical grids (departments)</source>
        <translation>Logical grids (departments)</translation>
    </message>
    <message>
        <source>New overdue or urgent: %1</source>
        <translation>New overdue or urgent: %1</translation>
    </message>
    <message>
        <source>No sound for alerts (%1): the system beep is used instead.</source>
        <translation>No sound for alerts (%1): the system beep is used instead.</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>connecting</translation>
    </message>
    <message>
        <source>catching up</source>
        <translation>catching up</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>reconnecting</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Feed</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Last change</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <source>Check the reply</source>
        <translation>Check the reply</translation>
    </message>
    <message>
        <source>Saving …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Done: %1</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <source>Reporter's phone</source>
        <translation>Reporter's phone</translation>
    </message>
    <message>
        <source>Reported at (device)</source>
        <translation>Reported at (device)</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>Supervised</translation>
    </message>
    <message>
        <source>Step deadline</source>
        <translation>Step deadline</translation>
    </message>
    <message>
        <source>Handling deadline</source>
        <translation>Handling deadline</translation>
    </message>
    <message>
        <source>Extension requested until</source>
        <translation>Extension requested until</translation>
    </message>
    <message>
        <source>Reworks</source>
        <translation>Reworks</translation>
    </message>
    <message>
        <source>Sent back</source>
        <translation>Sent back</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Position outside its grid</source>
        <translation>Position outside its grid</translation>
    </message>
    <message>
        <source>Device time far from receipt</source>
        <translation>Device time far from receipt</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Theme</translation>
    </message>
    <message>
        <source>Shade grids by</source>
        <translation>Shade grids by</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filters</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>Places</translation>
    </message>
    <message>
        <source>Filter places</source>
        <translation>Filter places</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Queues</translation>
    </message>
    <message>
        <source>Unit profile</source>
        <translation>Unit profile</translation>
    </message>
    <message>
        <source>Select a place in the tree or on the map</source>
        <translation>Select a place in the tree or on the map</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Select a case in a queue or on the map</source>
        <translation>Select a case in a queue or on the map</translation>
    </message>
    <message>
        <source>Trail</source>
        <translation>Trail</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Daily &amp;brief…</source>
        <translation>Daily &amp;brief…</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Operator seat</source>
        <translation>Operator seat</translation>
    </message>
    <message>
        <source>Video wall</source>
        <translation>Video wall</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <source>Overdue cases</source>
        <translation>Overdue cases</translation>
    </message>
    <message>
        <source>Sound for new overdue or urgent cases</source>
        <translation>Sound for new overdue or urgent cases</translation>
    </message>
    <message>
        <source>District boundary</source>
        <translation>District boundary</translation>
    </message>
    <message>
        <source>Townships</source>
        <translation>Townships</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>Communities</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>Micro-grids</source>
        <translation>Micro-grids</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Overdue highlight</source>
        <translation>Overdue highlight</translation>
    </message>
    <message>
        <source>Heat map</source>
        <translation>Heat map</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>Basemap</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legend</translation>
    </message>
    <message>
        <source>Within limit</source>
        <translation>Within limit</translation>
    </message>
    <message>
        <source>Over 80% of limit</source>
        <translation>Over 80% of limit</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>No running clock</source>
        <translation>No running clock</translation>
    </message>
    <message>
        <source>Overdue case</source>
        <translation>Overdue case</translation>
    </message>
    <message>
        <source>Grid shade: open or overdue cases</source>
        <translation>Grid shade: open or overdue cases</translation>
    </message>
</context>
<context>
    <name>NewTaskDialog</name>
    <message>
        <source>New task</source>
        <translation>New task</translation>
    </message>
    <message>
        <source>What is to be done, in a few words</source>
        <translation>What is to be done, in a few words</translation>
    </message>
    <message>
        <source>No target chosen yet</source>
        <translation>No target chosen yet</translation>
    </message>
    <message>
        <source>Pick on the map or in the tree</source>
        <translation>Pick on the map or in the tree</translation>
    </message>
    <message>
        <source>Search a grid, place or person, then Enter</source>
        <translation>Search a grid, place or person, then Enter</translation>
    </message>
    <message>
        <source>— or a township center —</source>
        <translation>— or a township center —</translation>
    </message>
    <message>
        <source>The task and what the reply must contain</source>
        <translation>The task and what the reply must contain</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Send to</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Reply template</source>
        <translation>Reply template</translation>
    </message>
    <message>
        <source>Task text</source>
        <translation>Task text</translation>
    </message>
    <message>
        <source>Send task</source>
        <translation>Send task</translation>
    </message>
    <message>
        <source>— no template —</source>
        <translation>— no template —</translation>
    </message>
    <message>
        <source> (any category)</source>
        <translation> (any category)</translation>
    </message>
    <message>
        <source>Click a grid on the map, or a place in the tree.</source>
        <translation>Click a grid on the map, or a place in the tree.</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <source>Worker of grid</source>
        <translation>Worker of grid</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Center</source>
        <translation>Center</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Sending …</source>
        <translation>Sending …</translation>
    </message>
    <message>
        <source>Sent: %1 to %2</source>
        <translation>Sent: %1 to %2</translation>
    </message>
</context>
<context>
    <name>PeopleTab</name>
    <message>
        <source>Search: code, name, phone, login</source>
        <translation>Search: code, name, phone, login</translation>
    </message>
    <message>
        <source>Inactive too</source>
        <translation>Inactive too</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>New person</source>
        <translation>New person</translation>
    </message>
    <message>
        <source>Save person</source>
        <translation>Save person</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Unit code</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Grid or department</source>
        <translation>Grid or department</translation>
    </message>
    <message>
        <source>Physical grid</source>
        <translation>Physical grid</translation>
    </message>
    <message>
        <source>Logical grid</source>
        <translation>Logical grid</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>Memberships (one person in several grids, several people in one grid)</source>
        <translation>Memberships (one person in several grids, several people in one grid)</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>Grant</translation>
    </message>
    <message>
        <source>Revoke selected</source>
        <translation>Revoke selected</translation>
    </message>
    <message>
        <source>Create login</source>
        <translation>Create login</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Set password</translation>
    </message>
    <message>
        <source>Enable login</source>
        <translation>Enable login</translation>
    </message>
    <message>
        <source>Disable login</source>
        <translation>Disable login</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Password again</translation>
    </message>
    <message>
        <source>Database login</source>
        <translation>Database login</translation>
    </message>
    <message>
        <source>Logins exist only on PostgreSQL: the embedded SQLite database is a single-user demo.</source>
        <translation>Logins exist only on PostgreSQL: the embedded SQLite database is a single-user demo.</translation>
    </message>
    <message>
        <source>Liaison</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Grid worker</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>Grid leader</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <source>Department member working here</source>
        <translation>Department member working here</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>whole district</source>
        <translation>whole district</translation>
    </message>
    <message>
        <source>no logins on the SQLite demo</source>
        <translation>no logins on the SQLite demo</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>enabled</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>disabled</translation>
    </message>
    <message>
        <source>no such role on the server</source>
        <translation>no such role on the server</translation>
    </message>
    <message>
        <source>no login yet</source>
        <translation>no login yet</translation>
    </message>
    <message>
        <source>Person %1 created.</source>
        <translation>Person %1 created.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Membership added.</source>
        <translation>Membership added.</translation>
    </message>
    <message>
        <source>Select a membership first.</source>
        <translation>Select a membership first.</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>Removed.</translation>
    </message>
    <message>
        <source>Role granted.</source>
        <translation>Role granted.</translation>
    </message>
    <message>
        <source>Select a role first.</source>
        <translation>Select a role first.</translation>
    </message>
    <message>
        <source>Role revoked.</source>
        <translation>Role revoked.</translation>
    </message>
    <message>
        <source>password: the two passwords differ; type the same password twice</source>
        <translation>password: the two passwords differ; type the same password twice</translation>
    </message>
    <message>
        <source>Login created; the person can sign in now.</source>
        <translation>Login created; the person can sign in now.</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <source>Login enabled.</source>
        <translation>Login enabled.</translation>
    </message>
    <message>
        <source>Login disabled; its open sessions were ended.</source>
        <translation>Login disabled; its open sessions were ended.</translation>
    </message>
</context>
<context>
    <name>ProfilePanel</name>
    <message>
        <source>Select a place in the tree or on the map</source>
        <translation>Select a place in the tree or on the map</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Measures of the last 30 days</source>
        <translation>Measures of the last 30 days</translation>
    </message>
    <message>
        <source>Cases per day</source>
        <translation>Cases per day</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>By category</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>★ supervised</source>
        <translation>★ supervised</translation>
    </message>
    <message>
        <source>! urgent</source>
        <translation>! urgent</translation>
    </message>
    <message>
        <source>!! very urgent</source>
        <translation>!! very urgent</translation>
    </message>
    <message>
        <source>(outside every grid)</source>
        <translation>(outside every grid)</translation>
    </message>
</context>
<context>
    <name>QueuesPanel</name>
    <message>
        <source>Overdue (red)</source>
        <translation>Overdue (red)</translation>
    </message>
    <message>
        <source>Near the limit (yellow)</source>
        <translation>Near the limit (yellow)</translation>
    </message>
    <message>
        <source>Within limit (green)</source>
        <translation>Within limit (green)</translation>
    </message>
    <message>
        <source>No running clock</source>
        <translation>No running clock</translation>
    </message>
    <message>
        <source>To verify</source>
        <translation>To verify</translation>
    </message>
    <message>
        <source>To route &amp;&amp; dispatch</source>
        <translation>To route &amp;&amp; dispatch</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>To check</source>
        <translation>To check</translation>
    </message>
    <message>
        <source>To close</source>
        <translation>To close</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>Parked</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <source>Clear column filters</source>
        <translation>Clear column filters</translation>
    </message>
    <message>
        <source>Show every row of this queue again</source>
        <translation>Show every row of this queue again</translation>
    </message>
    <message>
        <source>contains…</source>
        <translation>contains…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>The password of %1 was changed or has expired. Sign in again.</source>
        <translation>The password of %1 was changed or has expired. Sign in again.</translation>
    </message>
    <message>
        <source>Wrong user name or password for %1.</source>
        <translation>Wrong user name or password for %1.</translation>
    </message>
    <message>
        <source>The login %1 was disabled by an administrator; the session has ended.</source>
        <translation>The login %1 was disabled by an administrator; the session has ended.</translation>
    </message>
    <message>
        <source>The login %1 is disabled. Ask an administrator to enable it.</source>
        <translation>The login %1 is disabled. Ask an administrator to enable it.</translation>
    </message>
    <message>
        <source>There is no login %1.</source>
        <translation>There is no login %1.</translation>
    </message>
    <message>
        <source>Give your user name.</source>
        <translation>Give your user name.</translation>
    </message>
    <message>
        <source>The login %1 is not linked to an active person. Ask an administrator.</source>
        <translation>The login %1 is not linked to an active person. Ask an administrator.</translation>
    </message>
    <message>
        <source>The server ended the session (the login may have been disabled). Sign in again.</source>
        <translation>The server ended the session (the login may have been disabled). Sign in again.</translation>
    </message>
    <message>
        <source>Your role %1 was revoked. Sign in again to go on with the roles you hold now.</source>
        <translation>Your role %1 was revoked. Sign in again to go on with the roles you hold now.</translation>
    </message>
    <message>
        <source>The database refused: %1</source>
        <translation>The database refused: %1</translation>
    </message>
    <message>
        <source>Cannot reach the database server: %1</source>
        <translation>Cannot reach the database server: %1</translation>
    </message>
    <message>
        <source>No secure (TLS) connection as the database URL's sslmode asks: %1</source>
        <translation>No secure (TLS) connection as the database URL's sslmode asks: %1</translation>
    </message>
    <message>
        <source>The database's schema is older than this app. Ask an administrator to run “commandcenter db upgrade”.</source>
        <translation>The database's schema is older than this app. Ask an administrator to run “commandcenter db upgrade”.</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>The extra hours must be more than zero.</source>
        <translation>The extra hours must be more than zero.</translation>
    </message>
    <message>
        <source>The deadline asked for is already past.</source>
        <translation>The deadline asked for is already past.</translation>
    </message>
    <message>
        <source>The deadline must be later than now.</source>
        <translation>The deadline must be later than now.</translation>
    </message>
    <message>
        <source>The case is routed to this unit already: route it to another unit, or assign it.</source>
        <translation>The case is routed to this unit already: route it to another unit, or assign it.</translation>
    </message>
    <message>
        <source>That person is no longer active.</source>
        <translation>That person is no longer active.</translation>
    </message>
    <message>
        <source>Fill in the text this step records.</source>
        <translation>Fill in the text this step records.</translation>
    </message>
    <message>
        <source>The case is with the district center: there is no level above.</source>
        <translation>The case is with the district center: there is no level above.</translation>
    </message>
    <message>
        <source>It is now %1</source>
        <translation>It is now %1</translation>
    </message>
    <message>
        <source>, assigned to %1</source>
        <translation>, assigned to %1</translation>
    </message>
    <message>
        <source>; last step: %1 by %2 %3</source>
        <translation>; last step: %1 by %2 %3</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>someone</translation>
    </message>
    <message>
        <source>.</source>
        <translation>.</translation>
    </message>
    <message>
        <source>Someone else changed this case first; nothing was saved.</source>
        <translation>Someone else changed this case first; nothing was saved.</translation>
    </message>
    <message>
        <source>Look at the case again and retry if the step still makes sense.</source>
        <translation>Look at the case again and retry if the step still makes sense.</translation>
    </message>
    <message>
        <source>You may not %1 this case (%2).</source>
        <translation>You may not %1 this case (%2).</translation>
    </message>
    <message>
        <source>not yet reported</source>
        <translation>not yet reported</translation>
    </message>
    <message>
        <source>%1 is not possible: the case is %2.</source>
        <translation>%1 is not possible: the case is %2.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>center operator</source>
        <translation>center operator</translation>
    </message>
    <message>
        <source>department liaison</source>
        <translation>department liaison</translation>
    </message>
    <message>
        <source>district leader</source>
        <translation>district leader</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>field grid worker</source>
        <translation>field grid worker</translation>
    </message>
    <message>
        <source>citizen</source>
        <translation>citizen</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>S&amp;witch user…</source>
        <translation>S&amp;witch user…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>&amp;Lock when idle…</source>
        <translation>&amp;Lock when idle…</translation>
    </message>
    <message>
        <source>Sign in again…</source>
        <translation>Sign in again…</translation>
    </message>
    <message>
        <source>single-user demo - no security enforced</source>
        <translation>single-user demo - no security enforced</translation>
    </message>
    <message>
        <source>owner connection - no row security</source>
        <translation>owner connection - no row security</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>signed out</translation>
    </message>
    <message>
        <source>session ended: %1</source>
        <translation>session ended: %1</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>Signed in: %1 (%2)</translation>
    </message>
    <message>
        <source>Lock when idle</source>
        <translation>Lock when idle</translation>
    </message>
    <message>
        <source>Lock the window after this many minutes without input (0: never):</source>
        <translation>Lock the window after this many minutes without input (0: never):</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in again</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <source>Locked - sign in to go on</source>
        <translation>Locked - sign in to go on</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>This is the embedded single-user demo database: there are no logins and no security is enforced. Pick the person the app acts as.</source>
        <translation>This is the embedded single-user demo database: there are no logins and no security is enforced. Pick the person the app acts as.</translation>
    </message>
    <message>
        <source>when the server offers it</source>
        <translation>when the server offers it</translation>
    </message>
    <message>
        <source>when the server requires it</source>
        <translation>when the server requires it</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>required</source>
        <translation>required</translation>
    </message>
    <message>
        <source>required, server certificate checked</source>
        <translation>required, server certificate checked</translation>
    </message>
    <message>
        <source>required, server certificate and name checked</source>
        <translation>required, server certificate and name checked</translation>
    </message>
    <message>
        <source>Sign in with your own database login.</source>
        <translation>Sign in with your own database login.</translation>
    </message>
    <message>
        <source>Server: %1 · TLS: %2</source>
        <translation>Server: %1 · TLS: %2</translation>
    </message>
    <message>
        <source>The password is kept in this computer's system keyring, never in a file.</source>
        <translation>The password is kept in this computer's system keyring, never in a file.</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the password cannot be remembered.</source>
        <translation>No system keyring is available on this computer, so the password cannot be remembered.</translation>
    </message>
    <message>
        <source>Signing in …</source>
        <translation>Signing in …</translation>
    </message>
    <message>
        <source>Could not list the people: %1</source>
        <translation>Could not list the people: %1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Act as</source>
        <translation>Act as</translation>
    </message>
    <message>
        <source>Remember me (password kept in the system keyring)</source>
        <translation>Remember me (password kept in the system keyring)</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>Take a step</source>
        <translation>Take a step</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Name, phone or grid</source>
        <translation>Name, phone or grid</translation>
    </message>
    <message>
        <source>Extra hours</source>
        <translation>Extra hours</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Failed: rework</source>
        <translation>Failed: rework</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Reply: %1</source>
        <translation>Reply: %1</translation>
    </message>
    <message>
        <source>(routed here now)</source>
        <translation>(routed here now)</translation>
    </message>
    <message>
        <source>The case is routed to this unit already; choose another one.</source>
        <translation>The case is routed to this unit already; choose another one.</translation>
    </message>
    <message>
        <source>grid worker</source>
        <translation>grid worker</translation>
    </message>
    <message>
        <source>grid leader</source>
        <translation>grid leader</translation>
    </message>
    <message>
        <source>department member working here</source>
        <translation>department member working here</translation>
    </message>
    <message>
        <source>department leader</source>
        <translation>department leader</translation>
    </message>
    <message>
        <source>liaison</source>
        <translation>liaison</translation>
    </message>
    <message>
        <source>department member</source>
        <translation>department member</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>+%1 more</translation>
    </message>
    <message>
        <source>Nobody you may assign this case to.</source>
        <translation>Nobody you may assign this case to.</translation>
    </message>
    <message>
        <source>%1 of %2 people shown (★ works in the case's grid)</source>
        <translation>%1 of %2 people shown (★ works in the case's grid)</translation>
    </message>
    <message>
        <source>Handling deadline %1 → %2</source>
        <translation>Handling deadline %1 → %2</translation>
    </message>
    <message>
        <source>The case is overdue: the hours count from now.</source>
        <translation>The case is overdue: the hours count from now.</translation>
    </message>
    <message>
        <source>Handling result (required)</source>
        <translation>Handling result (required)</translation>
    </message>
    <message>
        <source>Why it fails (required)</source>
        <translation>Why it fails (required)</translation>
    </message>
    <message>
        <source>Instruction (required)</source>
        <translation>Instruction (required)</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Reason (required)</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Reply templates</source>
        <translation>Reply templates</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>Any category</translation>
    </message>
    <message>
        <source>Offered in new tasks</source>
        <translation>Offered in new tasks</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>New template</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source> (retired)</source>
        <translation> (retired)</translation>
    </message>
    <message>
        <source>Version %1, last saved by %2 at %3</source>
        <translation>Version %1, last saved by %2 at %3</translation>
    </message>
    <message>
        <source>A new template: fill it in and save.</source>
        <translation>A new template: fill it in and save.</translation>
    </message>
</context>
<context>
    <name>TrackingModel</name>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Sent to</source>
        <translation>Sent to</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>Replied at</source>
        <translation>Replied at</translation>
    </message>
    <message>
        <source>Reply text</source>
        <translation>Reply text</translation>
    </message>
    <message>
        <source>Overdue, no reply</source>
        <translation>Overdue, no reply</translation>
    </message>
    <message>
        <source>Not yet accepted</source>
        <translation>Not yet accepted</translation>
    </message>
    <message>
        <source>Reply sent back for rework</source>
        <translation>Reply sent back for rework</translation>
    </message>
    <message>
        <source>Waiting for a handler</source>
        <translation>Waiting for a handler</translation>
    </message>
    <message>
        <source>Being handled</source>
        <translation>Being handled</translation>
    </message>
    <message>
        <source>Replied, awaiting check</source>
        <translation>Replied, awaiting check</translation>
    </message>
</context>
</TS>