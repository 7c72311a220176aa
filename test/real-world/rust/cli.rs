// A Rust std command (wasm32-wasi, Debian's rustc) through the preview1 adapter: arguments, environment, a file in
// a mapped directory, stdin, the clocks, and the exit code.
use std::io::Read;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {:?}", args);
    let mut env: Vec<(String, String)> = std::env::vars().collect();
    env.sort();
    println!("env: {:?}", env);
    match std::fs::read_to_string("/data/in.txt") {
        Ok(s) => println!("file: {:?}", s),
        Err(e) => println!("file error: {:?}", e.kind()),
    }
    match std::fs::read_dir("/data") {
        Ok(entries) => {
            let mut names: Vec<String> = entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
            names.sort();
            println!("dir: {:?}", names);
        }
        Err(e) => println!("dir error: {:?}", e.kind()),
    }
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    println!("stdin: {} chars, {} lines, upper {:?}", input.chars().count(), input.lines().count(), input.to_uppercase());
    let t0 = Instant::now();
    let wall = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    println!("clocks: wall after 2020 {}, monotonic ordered {}", wall > 1_577_836_800, Instant::now() >= t0);
    if args.first().map(String::as_str) == Some("fail") {
        eprintln!("failing on request");
        std::process::exit(2);
    }
}
