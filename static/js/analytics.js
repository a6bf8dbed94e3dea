// Google Analytics 4, configured from the data attribute the page sets; loaded
// only when a site has a measurement ID in its settings.
(function () {
    var id = document.currentScript && document.currentScript.dataset.measurementId;
    if (!id) return;
    window.dataLayer = window.dataLayer || [];
    function gtag() { window.dataLayer.push(arguments); }
    gtag("js", new Date());
    gtag("config", id, { anonymize_ip: true });
})();
