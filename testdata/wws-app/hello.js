// A wws JavaScript worker: served at /hello (routes come from the file path).
const reply = (request) => new Response("Hello from wws");
addEventListener("fetch", (event) => event.respondWith(reply(event.request)));
