"""The demo missions: UNMIK (Kosovo, synthetic incidents on real geography) and MINUSCA (Central African
Republic, real UCDP GED events).

`peaceops demo` loads them through the service functions; `peaceops.demo.missions` is where it starts.
"""
