<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
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
        <source>Unit</source>
        <translation>Unit</translation>
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
    <message>
        <source>New overdue or urgent: %1</source>
        <translation>New overdue or urgent: %1</translation>
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
        <source>Someone else changed this case first. It now shows its new state.</source>
        <translation>Someone else changed this case first. It now shows its new state.</translation>
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
        <source>(outside every grid)</source>
        <translation>(outside every grid)</translation>
    </message>
</context>
<context>
    <name>QueuesPanel</name>
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
        <source>Unassigned</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Closed today</translation>
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
</context>
</TS>