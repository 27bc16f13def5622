console.log("hello from a JavaScript worker")
