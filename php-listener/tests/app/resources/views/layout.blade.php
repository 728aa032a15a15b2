<!DOCTYPE html>
<html>
<head><title>ICT</title></head>
<body>
<main>tickets</main>
@liveUpdates(['apiEndpoint' => '/tickets/data'])
</body>
</html>
